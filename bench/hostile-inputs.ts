// The hostile inputs of issue 11 (they stalled the bot when reading ran on its event loop), shared by
// the bench and the tests.

/** 40,000 characters: a command switch, a run of spaces, a star. */
export const HOSTILE_MESSAGE = `x -password${' '.repeat(40_000 - 'x -password'.length - 1)}*`;

/** The text of a 96 KiB file of letters. */
export const HOSTILE_LETTERS_TEXT = Array.from({ length: 96 * 1024 }, (_, i) => 'abcdefghijklmnopqrstuvwxyz'[(i * 7) % 26]).join('');
