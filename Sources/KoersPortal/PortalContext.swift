import Hummingbird
import NIOCore
import PortalStore

/// What the portal knows about one request: who sent it (from the session cookie) and from where.
public struct PortalContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The logged-in user, set by ``SessionMiddleware``.
    public var user: PortalUser?
    /// The session's CSRF token, which every form of the session carries.
    public var csrf: String?
    /// The session cookie's token, for logging out.
    public var sessionToken: String?
    /// The client's address, for the audit log and the rate limit: the connection's, or behind
    /// a proxy that ``PortalApplication/behindProxy`` trusts, the one it forwarded.
    public var address: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        address = source.channel.remoteAddress?.ipAddress ?? "local"
    }
}
