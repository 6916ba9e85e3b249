import { execFileSync } from 'node:child_process';

/** Process tests start the server the way `npm start` does: from the build in dist/, made fresh here. */
export default function buildServer(): void {
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
}
