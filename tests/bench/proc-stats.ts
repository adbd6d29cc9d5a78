/**
 * CPU time and resident memory of a process tree, from /proc (Linux):
 * figures other load on the machine does not inflate, for the benches that
 * run the local stack (`local-load`, `long-file`).
 */
import { readdirSync, readFileSync } from 'node:fs';

/** USER_HZ: /proc reports CPU time in hundredths of a second on Linux. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system) used so far by `pid` and each of its
 * descendants, with each one's command name.
 */
export function cpuSeconds(
  pid: number
): { readonly pid: number; readonly name: string; readonly seconds: number }[] {
  return descendants(pid).flatMap((one) => {
    try {
      const stat = readFileSync(`/proc/${one}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime are fields 14 and 15 of stat: 11 and 12 after the name.
      const ticks = Number(fields[11]) + Number(fields[12]);
      return [{ pid: one, name, seconds: ticks / CLOCK_TICKS_PER_SECOND }];
    } catch {
      return []; // The process ended while we looked.
    }
  });
}

/** Resident memory of `pid` and all its descendants, in bytes. */
export function treeRss(pid: number): number {
  return descendants(pid).reduce((sum, one) => sum + rssOf(one), 0);
}

/** `pid` and every process below it. */
export function descendants(pid: number): number[] {
  const all = [pid];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/u.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) all.push(...descendants(Number(entry)));
    } catch {
      // The process ended while we looked.
    }
  }
  return all;
}

/** Resident memory of one process, in bytes (0 once it has ended). */
export function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(status.match(/^VmRSS:\s+(\d+)/mu)?.[1] ?? 0);
    return kb * 1024;
  } catch {
    return 0;
  }
}

/** CPU seconds of the tree's Java processes (DynamoDB Local). */
export function javaCpuSeconds(pid: number): number {
  return cpuSeconds(pid)
    .filter((one) => one.name === 'java')
    .reduce((sum, one) => sum + one.seconds, 0);
}
