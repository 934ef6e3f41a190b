//! Lookup hashes of personal data (phone numbers, client addresses) are HMAC-SHA-256 under a
//! server secret, `--hash-key`. A plain SHA-256 of a Chinese mobile number is no protection:
//! all ~10^10 numbers hash in minutes on one GPU, so a copied table would give the numbers
//! back. Random 256-bit tokens and codes stay plain SHA-256 ([`sha256_hex`]).
use std::path::Path;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// Hex SHA-256: how secrets (session tokens, feed tokens) are stored.
pub fn sha256_hex(input: &str) -> String {
    hex::encode(Sha256::digest(input.as_bytes()))
}

/// The 256-bit secret under which lookup hashes are computed. Every instance sharing a
/// database must have the same one.
#[derive(Clone)]
pub struct HashKey([u8; 32]);

impl std::fmt::Debug for HashKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HashKey(…)") // never printed, not even in `--help` or a panic
    }
}

/// Parses `--hash-key` (64 hex characters).
pub fn parse_hash_key(hex_key: &str) -> Result<HashKey, String> {
    crate::store::at_rest::key_bytes(hex_key).map(HashKey)
}

impl HashKey {
    /// A fresh random key.
    pub fn generate() -> Self {
        Self(rand::random())
    }

    /// Hex HMAC of `value` for `purpose`: the purpose keeps the hashes of one number in two
    /// tables (a login code, a rate-limit bucket) from being linked to each other.
    pub fn hash(&self, purpose: &str, value: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(purpose.as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

/// File in the data directory that holds dev mode's generated key.
const DEV_KEY_FILE: &str = "hash.key";

/// The key to use: `--hash-key` when given; in dev mode without one, the key in
/// `<data-dir>/hash.key`, generated on first start; production refuses to start without it
/// (a key that changes between restarts would forget every limit and pending code).
pub fn resolve(configured: Option<&HashKey>, dev_mode: bool, data_dir: &Path) -> anyhow::Result<HashKey> {
    if let Some(key) = configured {
        return Ok(key.clone());
    }
    anyhow::ensure!(
        dev_mode,
        "--hash-key (PORTAL_HASH_KEY) is required in production: 64 hex characters, the same on every \
         instance (e.g. `openssl rand -hex 32`)"
    );
    dev_key(data_dir)
}

fn dev_key(data_dir: &Path) -> anyhow::Result<HashKey> {
    let path = data_dir.join(DEV_KEY_FILE);
    if let Ok(text) = std::fs::read_to_string(&path) {
        return parse_hash_key(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()));
    }
    std::fs::create_dir_all(data_dir)?;
    let key = HashKey::generate();
    let tmp = path.with_extension("part");
    std::fs::write(&tmp, hex::encode(key.0))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o600))?;
    }
    std::fs::rename(&tmp, &path)?;
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn a_keyed_hash_is_not_the_plain_hash_and_depends_on_key_and_purpose() {
        let key = parse_hash_key(&"ab".repeat(32)).unwrap();
        let h = key.hash("code:phone", "13800000001");
        assert_eq!(h.len(), 64);
        assert_eq!(h, key.hash("code:phone", "13800000001"), "stable");
        assert_ne!(h, sha256_hex("code:phone\u{0}13800000001"));
        assert_ne!(h, sha256_hex("code:phone:13800000001"));
        assert_ne!(h, key.hash("login:phone", "13800000001"));
        assert_ne!(h, HashKey::generate().hash("code:phone", "13800000001"));
        assert!(parse_hash_key("abc").is_err());
        assert_eq!(format!("{key:?}"), "HashKey(…)");
    }

    #[test]
    fn dev_mode_keeps_its_generated_key_and_production_needs_one() {
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config::for_tests(dir.path().join("data"));
        let first = resolve(config.hash_key.as_ref(), config.is_dev(), &config.data_dir).unwrap();
        let second = resolve(config.hash_key.as_ref(), config.is_dev(), &config.data_dir).unwrap();
        assert_eq!(first.hash("p", "v"), second.hash("p", "v"), "the same key after a restart");
        let file = dir.path().join("data").join(DEV_KEY_FILE);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
        }
        config.mode = crate::config::Mode::Production;
        assert!(resolve(config.hash_key.as_ref(), config.is_dev(), &config.data_dir)
            .unwrap_err()
            .to_string()
            .contains("--hash-key"));
        config.hash_key = Some(parse_hash_key(&"cd".repeat(32)).unwrap());
        assert!(resolve(config.hash_key.as_ref(), config.is_dev(), &config.data_dir).is_ok());
    }
}
