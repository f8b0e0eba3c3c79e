/**
 * Terminal colours, used only when writing to a terminal and NO_COLOR is not
 * set (https://no-color.org). Files and pipes always get plain text.
 */
export type Style = (text: string) => string;

export interface Palette {
  error: Style;
  warning: Style;
  note: Style;
  heading: Style;
  dim: Style;
}

const plain: Style = (text) => text;
const sgr = (open: number, close: number): Style => (text) => `\u001b[${open}m${text}\u001b[${close}m`;

export function palette(useColour: boolean): Palette {
  if (!useColour) return { error: plain, warning: plain, note: plain, heading: plain, dim: plain };
  return { error: sgr(31, 39), warning: sgr(33, 39), note: sgr(36, 39), heading: sgr(1, 22), dim: sgr(2, 22) };
}

/** Colour for a stream: a TTY, and NO_COLOR unset or empty. */
export function colourFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && !env.NO_COLOR;
}
