/** LIKE patterns from user text: `%`, `_` and `\` match themselves, not any characters. */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** `%text%`: the column contains the text. */
export const containsPattern = (text: string) => `%${escapeLike(text)}%`;
