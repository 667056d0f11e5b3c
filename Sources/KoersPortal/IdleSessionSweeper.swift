import Foundation
import PortalAccounts
import ServiceLifecycle

/// Deletes idle sessions every few minutes while the portal runs. An idle session is already
/// refused when it is used; this keeps the sessions table from growing with the ones that are
/// never used again (a closed laptop, a lost phone).
public struct IdleSessionSweeper: Service {
    let accounts: Accounts
    let interval: Duration

    public init(accounts: Accounts, interval: Duration = .seconds(300)) {
        self.accounts = accounts
        self.interval = interval
    }

    public func run() async throws {
        // Stops at once when the portal shuts down, also in the middle of a wait.
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    // A database that is briefly unreachable is tried again at the next sweep.
                    _ = try? await accounts.endIdleSessions(now: Int64(Date().timeIntervalSince1970))
                    try await Task.sleep(for: interval)
                }
            }
        } catch is CancellationError {}
    }
}
