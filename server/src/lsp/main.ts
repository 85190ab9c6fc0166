import { runIfScanWorker } from '../node/scanPool/poolWorker';
import { startServer } from './server';

// The workspace check's worker threads run this same entry; in one, it serves the pool instead of starting a server.
if (!runIfScanWorker()) {
  startServer();
}
