#if canImport(Glibc)
import Glibc
#endif
import ReportRenderers
import Synchronization

/// What Koers does when it is interrupted (Ctrl-C, `kill`, a closed terminal): a browser printing
/// the PDF is killed with all its helpers, so that none outlives Koers, and Koers then ends as the
/// signal says. The output folder needs nothing: a report is swapped in whole or not at all, and
/// the hidden folder a report was being built in is removed by the next run.
enum Interruption {
    /// Set when a signal arrived while the browser printed: the print ends as failed, and the
    /// command cleans up and exits instead of going on.
    static let happened = Atomic<Int32>(0)

    static func install() {
        // A parent may have started Koers with these signals blocked (some process launchers
        // do): unblock them, or an interruption would wait for the print to time out.
        var set = sigset_t()
        sigemptyset(&set)
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&set, signalNumber) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber) { received in
                // Only async-signal-safe calls here: an atomic load, kill, signal, raise.
                let group = PDFPrinter.runningGroup.load(ordering: .sequentiallyConsistent)
                if group > 0 {
                    kill(-group, SIGKILL)
                    Interruption.happened.store(received, ordering: .sequentiallyConsistent)
                    return
                }
                signal(received, SIG_DFL)
                raise(received)
            }
        }
    }
}
