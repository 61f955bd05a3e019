import Crypto

/// SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104) from swift-crypto, as byte arrays: what
/// per-student variants and worksheet folder names are derived with.
public enum Digest {
    /// The 32-byte SHA-256 digest of `message`.
    public static func sha256(_ message: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: message))
    }

    /// The 32-byte `HMAC-SHA256(key, message)`.
    public static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }
}
