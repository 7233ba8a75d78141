//! Room codes and tokens from the operating system's random generator: a code is short
//! enough to read off a projector, a token (128 bits) is what actually proves who you are,
//! so neither can be guessed from another.

use tcpip_protocol::msg::{CODE_ALPHABET, CODE_LEN};
use tcpip_stack::text::{Text, text};

/// Random bytes from the OS, or why there are none (said to whoever was entering a room).
fn random(buf: &mut [u8]) -> Result<(), Text> {
    getrandom::fill(buf).map_err(|e| {
        text!(
            "the server's random generator failed: {e}",
            "il generatore casuale del server non ha funzionato: {e}"
        )
    })
}

/// A join code: [`CODE_LEN`] characters of [`CODE_ALPHABET`], each equally likely.
pub fn code() -> Result<String, Text> {
    // Bytes at or above the largest multiple of the alphabet's size are thrown away, so
    // every character is equally likely (no modulo bias).
    let n = CODE_ALPHABET.len();
    let limit = 256 - 256 % n;
    let mut code = String::with_capacity(CODE_LEN);
    let mut buf = [0u8; 32];
    while code.len() < CODE_LEN {
        random(&mut buf)?;
        for b in buf.iter().map(|b| usize::from(*b)).filter(|b| *b < limit) {
            if code.len() == CODE_LEN {
                break;
            }
            code.push(char::from(CODE_ALPHABET[b % n]));
        }
    }
    Ok(code)
}

/// A secret token: 128 random bits as 32 hex digits.
pub fn token() -> Result<String, Text> {
    let mut buf = [0u8; 16];
    random(&mut buf)?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use tcpip_protocol::msg::normalize_code;

    #[test]
    fn codes_are_valid_and_differ() {
        let codes: HashSet<String> = (0..200).map(|_| code().unwrap()).collect();
        // 25^6 codes: 200 draws collide with odds of about one in ten thousand.
        assert!(codes.len() >= 199);
        for c in &codes {
            assert_eq!(normalize_code(c).as_deref(), Ok(c.as_str()));
        }
    }

    #[test]
    fn tokens_are_128_bits_of_hex() {
        let (a, b) = (token().unwrap(), token().unwrap());
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }
}
