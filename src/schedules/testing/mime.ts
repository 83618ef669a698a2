/** Just enough MIME to read the messages nodemailer writes: headers, nested multiparts, base64 and quoted-printable bodies. */
export interface MimePart {
  headers: Record<string, string>;
  /** The decoded body as UTF-8 text. */
  body: string;
  /** The decoded body's bytes (an attached PDF). */
  bytes: Buffer;
}

function splitHeaders(raw: string): [Record<string, string>, string] {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, end).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  return [headers, raw.slice(end + 4)];
}

function decodeBytes(body: string, encoding = ''): Buffer {
  if (/base64/i.test(encoding)) return Buffer.from(body.replace(/\s+/g, ''), 'base64');
  if (/quoted-printable/i.test(encoding))
    return Buffer.from(
      body
        .replace(/=\r\n/g, '')
        .replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(Number.parseInt(h, 16))),
      'latin1',
    );
  return Buffer.from(body, 'utf8');
}

const decode = (body: string, encoding = '') => decodeBytes(body, encoding).toString('utf8');

/** The leaf parts of a raw message (the message itself when not multipart), decoded. */
export function leafParts(raw: string): MimePart[] {
  const [headers, body] = splitHeaders(raw);
  const boundary = /boundary="?([^";]+)"?/.exec(headers['content-type'] ?? '')?.[1];
  if (!boundary) {
    const bytes = decodeBytes(body, headers['content-transfer-encoding']);
    return [{ headers, body: bytes.toString('utf8'), bytes }];
  }
  return body
    .split(`--${boundary}`)
    .slice(1)
    .filter((p) => !p.startsWith('--'))
    .flatMap((p) => leafParts(p.replace(/^\r\n/, '')));
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= and =?UTF-8?B?…?=) decoded; adjacent words join. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?([QB])\?([^?]*)\?=/gi, (_, kind: string, text: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decode(text.replace(/_/g, ' '), 'quoted-printable'),
    );
}

export const headerOf = (raw: string, name: string) =>
  decodeWords(splitHeaders(raw)[0][name.toLowerCase()] ?? '');
