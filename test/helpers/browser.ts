import { execFileSync } from 'node:child_process';

/** The Chromium the browser suite drives: CHROMIUM_PATH, else the first on the PATH (`.ci/run` installs Debian's). */
export const chromiumPath = (): string =>
  process.env.CHROMIUM_PATH ?? execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser || command -v google-chrome'], { encoding: 'utf8' }).trim();

/** Run in the page before its own scripts: its Date starts at the test's "today" and runs in real time. */
export const browserClock = (start: number): string => `(() => {
  const RealDate = Date;
  const shift = ${start} - RealDate.now();
  function TestDate(...args) {
    if (!new.target) return new RealDate(RealDate.now() + shift).toString();
    return args.length === 0 ? new RealDate(RealDate.now() + shift) : new RealDate(...args);
  }
  TestDate.prototype = RealDate.prototype;
  TestDate.now = () => RealDate.now() + shift;
  TestDate.parse = RealDate.parse;
  TestDate.UTC = RealDate.UTC;
  globalThis.Date = TestDate;
})();`;
