/**
 * CPU time of this process (user + system, ms) since `from` (a `process.cpuUsage()` reading), for
 * the tests that bound the cost of in-process work: unlike wall time it does not grow when other
 * processes share the cores (the suite runs two test files and test/ship at once).
 */
export function cpuMsSince(from: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1000;
}
