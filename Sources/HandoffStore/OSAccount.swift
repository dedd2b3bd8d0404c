import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The operating-system account running this process: what a SQLite store's logins name.
/// It is the effective uid's user name from the password database, never `$USER`, which
/// anyone can set.
public enum OSAccount {
    /// The user name of the effective uid; `uid-N` when the password database has no entry
    /// for it (a container's bare uid), which no valid login can be mistaken for by accident.
    public static func current() -> String {
        name(of: geteuid())
    }

    public static func name(of uid: uid_t) -> String {
        var size = 1024
        // ERANGE: the buffer was too small for this entry; grow it, within reason.
        while size <= 1 << 20 {
            var status: Int32 = 0
            var buffer = [CChar](repeating: 0, count: size)
            let name = buffer.withUnsafeMutableBufferPointer { storage -> String? in
                var entry = passwd()
                var result: UnsafeMutablePointer<passwd>?
                guard let base = storage.baseAddress else { return nil }
                status = getpwuid_r(uid, &entry, base, storage.count, &result)
                // The entry's strings point into `storage`: read them while it lives.
                guard status == 0, let found = result, let pointer = found.pointee.pw_name else { return nil }
                return String(cString: pointer)
            }
            if status == ERANGE {
                size *= 4
                continue
            }
            if let name, !name.isEmpty { return name }
            break
        }
        return "uid-\(uid)"
    }
}
