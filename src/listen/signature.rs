//! Late's proof that a post is genuine: `X-Zernio-Signature` carries the HMAC-SHA256 of the raw
//! body keyed with the secret chosen at registration, in hex. Checked with the `hmac` crate,
//! whose `verify_slice` compares in constant time.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use super::secret::WebhookSecret;

pub const LATE_SIGNATURE_HEADER: &str = "X-Zernio-Signature";
pub const LATE_EVENT_ID_HEADER: &str = "X-Zernio-Event-Id";
pub const LATE_EVENT_HEADER: &str = "X-Zernio-Event";

type HmacSha256 = Hmac<Sha256>;

/// The signature Late would send for `body`, in lowercase hex.
pub fn sign_late(secret: &WebhookSecret, body: &[u8]) -> String {
    let Some(mut mac) = keyed(secret) else {
        return String::new();
    };
    mac.update(body);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// True when `presented` (hex, either case) is `body`'s signature under `secret`.
pub fn late_signature_holds(secret: &WebhookSecret, body: &[u8], presented: &[u8]) -> bool {
    let Some(tag) = from_hex(presented) else {
        return false;
    };
    let Some(mut mac) = keyed(secret) else {
        return false;
    };
    mac.update(body);
    mac.verify_slice(&tag).is_ok()
}

/// HMAC takes a key of any length, so this is always `Some`; were it not, nothing would verify.
fn keyed(secret: &WebhookSecret) -> Option<HmacSha256> {
    HmacSha256::new_from_slice(secret.expose().as_bytes()).ok()
}

fn from_hex(text: &[u8]) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    text.chunks(2)
        .map(|pair| {
            let digit = |b: u8| (b as char).to_digit(16);
            u8::try_from(digit(pair[0])? * 16 + digit(pair[1])?).ok()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_bodys_own_signature_holds() {
        let secret = WebhookSecret::generate();
        let other = WebhookSecret::generate();
        let body = br#"{"event":"message.received"}"#;
        let signature = sign_late(&secret, body);
        assert_eq!(signature.len(), 64);
        assert!(late_signature_holds(&secret, body, signature.as_bytes()));
        assert!(late_signature_holds(
            &secret,
            body,
            signature.to_uppercase().as_bytes()
        ));
        assert!(!late_signature_holds(&other, body, signature.as_bytes()));
        assert!(!late_signature_holds(&secret, b"{}", signature.as_bytes()));
        assert!(!late_signature_holds(
            &secret,
            body,
            &signature.as_bytes()[2..]
        ));
        assert!(!late_signature_holds(&secret, body, b""));
        assert!(!late_signature_holds(&secret, body, b"zz"));
    }

    #[test]
    fn the_signature_is_rfc_4231s_hmac_sha256() {
        // RFC 4231 test case 2: key "Jefe".
        let mut mac = HmacSha256::new_from_slice(b"Jefe").unwrap();
        mac.update(b"what do ya want for nothing?");
        let hex: String = mac
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            hex,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
