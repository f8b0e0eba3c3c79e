/**
 * Where the bind password comes from: an environment variable, a file, or a
 * prompt without echo. Never a flag value (it would sit in shell history and
 * process lists), never printed, never stored.
 */
import { UserError } from '../../util/errors.js';
import { readInputFile } from '../../util/read-input.js';
import { decodeWindowsText } from '../windows-text.js';

export interface PasswordSource {
  env?: string;
  file?: string;
}

export async function readPassword(source: PasswordSource, prompt: (question: string) => Promise<string> = promptHidden): Promise<string> {
  if (source.env !== undefined) {
    const value = process.env[source.env];
    if (value === undefined) throw new UserError(`--password-env ${source.env}: the environment variable is not set`);
    if (value === '') throw new UserError(`--password-env ${source.env}: the environment variable is empty`);
    return value;
  }
  if (source.file !== undefined) {
    const bytes = await readInputFile(source.file, 'password file');
    // Notepad and PowerShell write UTF-8 with a BOM, UTF-16LE or ANSI; the BOM is not part of the password.
    const text = decodeWindowsText(bytes, `--password-file ${source.file}`, 'a password file');
    // A trailing newline (CRLF on Windows) is how editors and `echo` end files; it is not part of the password.
    const password = text.replace(/\r?\n$/, '');
    if (password === '') throw new UserError(`--password-file ${source.file}: the file is empty`);
    return password;
  }
  if (!process.stdin.isTTY) {
    throw new UserError('no password: give --password-env VAR or --password-file FILE (there is no terminal to prompt on)');
  }
  return prompt('Password: ');
}

/** Reads a line from the terminal without echoing it. */
async function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  try {
    return await new Promise<string>((resolve, reject) => {
      let typed = '';
      const onData = (chunk: string) => {
        for (const ch of chunk) {
          if (ch === '\r' || ch === '\n') {
            stdin.off('data', onData);
            resolve(typed);
            return;
          }
          if (ch === '\u0003') {
            stdin.off('data', onData);
            reject(new UserError('password prompt cancelled'));
            return;
          }
          if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
          else typed += ch;
        }
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    process.stderr.write('\n');
  }
}
