import { readFileSync, readdirSync } from 'node:fs';

/** What the tools read of processes from Linux's /proc: CPU time and resident memory. */

const MS_PER_TICK = 10; // USER_HZ is 100 on Linux

/** Fields of /proc/<pid>/stat after the command name, which may itself hold spaces and parentheses. */
function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** CPU time the whole machine has spent outside idle since boot (all cores, all processes), in ms. */
export function machineCpuMs(): number {
  const [, user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
    .split('\n', 1)[0]!
    .split(/\s+/);
  return [user, nice, system, irq, softirq, steal].reduce((sum, ticks) => sum + Number(ticks ?? 0), 0) * MS_PER_TICK;
}

/** Resident memory (VmRSS) of one process, in MB. */
export function rssMb(pid: number): number {
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (!kb) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb) / 1024;
}

/** Sums `read` over a process and its living descendants; a process that ends meanwhile counts as 0. */
function overTree(rootPid: number, read: (pid: number) => number): number {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      parents.set(Number(name), Number(statFields(Number(name))[1]));
    } catch {
      // it ended meanwhile
    }
  }
  const tree = new Set([rootPid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, parent] of parents) if (tree.has(parent) && !tree.has(pid)) (tree.add(pid), (grew = true));
  }
  let total = 0;
  for (const pid of tree) {
    try {
      total += read(pid);
    } catch {
      // it ended meanwhile
    }
  }
  return total;
}

/**
 * CPU time (user + system) of a process and its descendants, in ms. Reaped children count too (cutime +
 * cstime), so a helper that exits between two readings does not take its time with it.
 */
export const treeCpuMs = (rootPid: number): number =>
  overTree(
    rootPid,
    (pid) =>
      statFields(pid)
        .slice(11, 15)
        .reduce((sum, ticks) => sum + Number(ticks), 0) * MS_PER_TICK,
  );

/** Resident memory of a process and its descendants, in MB. */
export const treeRssMb = (rootPid: number): number => overTree(rootPid, rssMb);
