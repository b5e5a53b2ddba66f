//! Terminals with 8 colours. crossterm writes every colour as a 256-colour
//! code (`ESC[38;5;9m`, even for red), which the Linux console, vt100-style
//! terminals and `TERM=xterm`/`screen` setups do not read. On such a terminal
//! the editor's output goes through [`EightColours`], which rewrites those
//! codes to the 8 basic ones (`ESC[31m`); everything else passes unchanged.

use std::io::{self, Write};

/// How many colours a terminal shows, as its environment says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// The 8 basic colours (SGR 30–37, 40–47): all any colour terminal reads.
    Eight,
    /// 256 colours or more.
    Many,
}

/// `COLORTERM` set (truecolor, 24bit) or a `TERM` that says 256 colours or
/// names a modern emulator means many; anything else (xterm, screen, linux,
/// vt100, unknown) gets the 8 basic colours, which every one of them reads.
pub fn depth(term: Option<&str>, colorterm: Option<&str>) -> Depth {
    if colorterm.is_some_and(|c| !c.is_empty()) {
        return Depth::Many;
    }
    let Some(term) = term else {
        return Depth::Eight;
    };
    let many = ["256color", "truecolor", "24bit", "direct"]
        .iter()
        .any(|s| term.contains(s))
        || ["kitty", "alacritty", "wezterm", "foot", "xterm-ghostty"]
            .iter()
            .any(|s| term.starts_with(s));
    if many { Depth::Many } else { Depth::Eight }
}

/// A writer that holds what is written until `flush` (a frame: escape
/// sequences arrive in pieces), then writes it with 256-colour SGR codes
/// turned into 8-colour ones.
pub struct EightColours<W: Write> {
    inner: W,
    held: Vec<u8>,
}

impl<W: Write> EightColours<W> {
    pub fn new(inner: W) -> EightColours<W> {
        EightColours {
            inner,
            held: Vec::new(),
        }
    }
}

impl<W: Write> Write for EightColours<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.held.extend_from_slice(buf);
        // A runaway writer without flushes: pass on what is complete.
        if self.held.len() > 1 << 20 {
            self.pass_complete()?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.pass_complete()?;
        self.inner.flush()
    }
}

impl<W: Write> EightColours<W> {
    /// Writes the held bytes up to an unfinished escape sequence (kept).
    fn pass_complete(&mut self) -> io::Result<()> {
        let (out, rest) = translate(&self.held);
        self.inner.write_all(&out)?;
        self.held.drain(..self.held.len() - rest);
        Ok(())
    }
}

/// `bytes` with every `CSI … m` rewritten, and how many bytes at the end
/// are an unfinished sequence (not in the output).
fn translate(bytes: &[u8]) -> (Vec<u8>, usize) {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != 0x1b {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        if i + 1 >= bytes.len() {
            return (out, bytes.len() - i);
        }
        if bytes[i + 1] != b'[' {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        // CSI: parameters, then one final byte in 0x40..=0x7e.
        let Some(end) = bytes[i + 2..]
            .iter()
            .position(|b| (0x40..=0x7e).contains(b))
            .map(|p| i + 2 + p)
        else {
            return (out, bytes.len() - i);
        };
        let params = &bytes[i + 2..end];
        if bytes[end] == b'm' {
            out.extend_from_slice(b"\x1b[");
            out.extend_from_slice(sgr(params).as_bytes());
            out.push(b'm');
        } else {
            out.extend_from_slice(&bytes[i..=end]);
        }
        i = end + 1;
    }
    (out, 0)
}

/// SGR parameters with 256-colour and RGB colours as the nearest of 8.
fn sgr(params: &[u8]) -> String {
    let text = String::from_utf8_lossy(params);
    let parts: Vec<&str> = text.split(';').collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < parts.len() {
        let base = match parts[i] {
            "38" => Some(30),
            "48" => Some(40),
            _ => None,
        };
        match (base, parts.get(i + 1).copied()) {
            (Some(base), Some("5")) => {
                let n: u16 = parts.get(i + 2).and_then(|n| n.parse().ok()).unwrap_or(999);
                out.push(match n {
                    0..=7 => (base + n).to_string(),
                    // Bright black (the theme's grey) as the default grey,
                    // never as black on black.
                    8 => (base + 7).to_string(),
                    9..=15 => (base + n - 8).to_string(),
                    _ => (base + 9).to_string(),
                });
                i += 3;
            }
            (Some(base), Some("2")) => {
                out.push((base + 9).to_string());
                i += 5;
            }
            _ => {
                out.push(parts[i].to_string());
                i += 1;
            }
        }
    }
    out.join(";")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_terminals_that_say_so_get_256_colours() {
        assert_eq!(depth(Some("xterm-256color"), None), Depth::Many);
        assert_eq!(depth(Some("xterm"), Some("truecolor")), Depth::Many);
        assert_eq!(depth(Some("alacritty"), None), Depth::Many);
        for t in ["linux", "vt100", "xterm", "screen", "ansi", "tmux"] {
            assert_eq!(depth(Some(t), None), Depth::Eight, "{t}");
        }
        assert_eq!(depth(None, None), Depth::Eight);
    }

    #[test]
    fn colour_codes_become_basic_ones_and_nothing_else_changes() {
        let (out, rest) =
            translate(b"a\x1b[38;5;9mb\x1b[48;5;8m\x1b[1;38;2;1;2;3;4mc\x1b[2J\x1b[0m");
        assert_eq!(rest, 0);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a\x1b[31mb\x1b[47m\x1b[1;39;4mc\x1b[2J\x1b[0m"
        );
    }

    #[test]
    fn a_sequence_split_across_writes_is_held_until_complete() {
        let mut w = EightColours::new(Vec::new());
        for piece in [&b"x\x1b"[..], b"[38;", b"5;12", b"mz"] {
            w.write_all(piece).unwrap();
        }
        w.flush().unwrap();
        assert_eq!(w.inner, b"x\x1b[34mz");
        let (out, rest) = translate(b"ok\x1b[38;5");
        assert_eq!((out.as_slice(), rest), (&b"ok"[..], 6));
    }

    #[test]
    fn a_ratatui_frame_has_no_256_colour_code() {
        use ratatui::style::{Color, Style};
        use std::cell::RefCell;
        use std::rc::Rc;
        struct Shared(Rc<RefCell<Vec<u8>>>);
        impl Write for Shared {
            fn write(&mut self, b: &[u8]) -> io::Result<usize> {
                self.0.borrow_mut().extend_from_slice(b);
                Ok(b.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let seen = Rc::new(RefCell::new(Vec::new()));
        let backend =
            ratatui::backend::CrosstermBackend::new(EightColours::new(Shared(seen.clone())));
        let mut t = ratatui::Terminal::with_options(
            backend,
            ratatui::TerminalOptions {
                viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 20, 2)),
            },
        )
        .unwrap();
        t.draw(|f| {
            let b = f.buffer_mut();
            b.set_string(0, 0, "error", Style::default().fg(Color::Red));
            b.set_string(0, 1, "border", Style::default().fg(Color::DarkGray));
        })
        .unwrap();
        let out = String::from_utf8_lossy(&seen.borrow()).to_string();
        assert!(!out.contains("38;5;"), "{out:?}");
        assert!(out.contains("\x1b[31;49merror"), "{out:?}");
        assert!(out.contains("\x1b[37;49mborder"), "{out:?}");
    }
}
