/**
 * Whether a terminal run with `env` can be assumed to draw characters beyond ASCII, such as the spinner's braille
 * wheel: not the Linux console (TERM=linux), whose fonts hold a few hundred glyphs, nor one whose locale is not
 * UTF-8 (LC_ALL, else LC_CTYPE, else LANG, as the C library reads them: `C`, `en_US.ISO-8859-1`), which would show
 * the bytes of one character as two or three others. No locale set at all (Windows, many containers) is not taken
 * as one: the terminal is the host's, most likely UTF-8.
 */
export function terminalDrawsUnicode(env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.TERM === 'linux') return false;
  const locale = [env.LC_ALL, env.LC_CTYPE, env.LANG].find((value) => value !== undefined && value !== '');
  return locale === undefined || /utf-?8/i.test(locale);
}
