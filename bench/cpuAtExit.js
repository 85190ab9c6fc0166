'use strict';
/**
 * Preloaded (`node --require bench/cpuAtExit.js …`) into a process a benchmark times: on exit, writes the process's CPU
 * time (user + system, all threads, ms) and peak memory (MB) as JSON to the file named by DTLS_BENCH_CPU_OUT. Wall time
 * on a shared machine measures the load as much as the tool; CPU time does not.
 */
const fs = require('node:fs');

const out = process.env.DTLS_BENCH_CPU_OUT;
if (out) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    const cpuMs = Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000);
    fs.writeFileSync(out, JSON.stringify({ cpuMs, peakMB: Math.round(usage.maxRSS / 1024) }));
  });
}
