/** A refusal or failure of an operations command, worded for the person at the terminal. */
export class OpsError extends Error {}
