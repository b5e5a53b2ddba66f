//! Styles. With `NO_COLOR` every mark still reads: symbols, bold and reverse
//! video carry the meaning, colour only adds to it.

use crate::core::Severity;
use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    /// Only ASCII reaches the terminal: its locale is not UTF-8, or it is a
    /// terminal without Unicode (vt100, the Linux console).
    pub ascii: bool,
}

impl Theme {
    /// `NO_COLOR` set to anything non-empty turns colour off (no-color.org);
    /// the locale and `TERM` decide [`Theme::ascii`].
    pub fn from_env() -> Theme {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
            ascii: !unicode_terminal(
                var("LC_ALL")
                    .or_else(|| var("LC_CTYPE"))
                    .or_else(|| var("LANG"))
                    .as_deref(),
                var("TERM").as_deref(),
            ),
        }
    }

    /// Colour and Unicode: what the tests draw with.
    pub fn full() -> Theme {
        Theme {
            color: true,
            ascii: false,
        }
    }

    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::default().fg(c)
        } else {
            Style::default()
        }
    }

    pub fn border(self, focused: bool) -> Style {
        if focused {
            self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
        } else {
            self.fg(Color::DarkGray)
        }
    }

    pub fn title(self, focused: bool) -> Style {
        let s = Style::default().add_modifier(Modifier::BOLD);
        if focused {
            s.add_modifier(Modifier::REVERSED)
        } else {
            s
        }
    }

    pub fn selected(self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    pub fn dim(self) -> Style {
        if self.color {
            Style::default().fg(Color::DarkGray)
        } else {
            Style::default().add_modifier(Modifier::DIM)
        }
    }

    pub fn severity(self, s: Severity) -> Style {
        match s {
            Severity::Error => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            Severity::Warning => self.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Severity::Info => self.fg(Color::Blue),
        }
    }

    /// A line of a diff by its mark: `+` added, `-` removed, `~` changed,
    /// and `warning:` / `note:` lines as warnings.
    pub fn diff_line(self, line: &str) -> Style {
        match line.chars().next() {
            Some('+') => self.severity(Severity::Info),
            Some('-') => self.severity(Severity::Error),
            Some('~' | 'w' | 'n') => self.severity(Severity::Warning),
            _ => Style::default(),
        }
    }

    pub fn key(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn json_key(self) -> Style {
        if self.color {
            Style::default().fg(Color::Cyan)
        } else {
            Style::default().add_modifier(Modifier::BOLD)
        }
    }

    pub fn json_string(self) -> Style {
        self.fg(Color::Green)
    }

    pub fn json_number(self) -> Style {
        self.fg(Color::Magenta)
    }

    pub fn json_literal(self) -> Style {
        self.fg(Color::Yellow)
    }

    pub fn badge(self) -> Style {
        Style::default().add_modifier(Modifier::BOLD | Modifier::REVERSED)
    }
}

/// The one-character mark of a severity.
pub fn mark(s: Severity) -> &'static str {
    match s {
        Severity::Error => "✗",
        Severity::Warning => "!",
        Severity::Info => "i",
    }
}

/// Whether a terminal with this locale and `TERM` shows Unicode.
pub fn unicode_terminal(locale: Option<&str>, term: Option<&str>) -> bool {
    let utf8 = locale.is_some_and(|l| {
        let l = l.to_ascii_lowercase();
        l.contains("utf-8") || l.contains("utf8")
    });
    let plain_term = term.is_some_and(|t| {
        matches!(
            t,
            "vt100" | "vt102" | "vt220" | "vt52" | "linux" | "dumb" | "ansi"
        )
    });
    utf8 && !plain_term
}

/// The ASCII a cell shows instead of `symbol` on a terminal without
/// Unicode: box drawing as `+-|=`, marks and arrows as their nearest ASCII,
/// anything else (text from a file) as `?`.
pub fn ascii_for(symbol: &str) -> &'static str {
    let Some(c) = symbol.chars().next() else {
        return " ";
    };
    match c {
        '─' | '━' | '┄' | '–' | '—' | '―' => "-",
        '═' => "=",
        '│' | '┃' | '║' | '▏' => "|",
        '┌' | '┐' | '└' | '┘' | '┏' | '┓' | '┗' | '┛' | '╔' | '╗' | '╚' | '╝' | '├' | '┤' | '┬'
        | '┴' | '┼' | '╭' | '╮' | '╰' | '╯' => "+",
        '▶' | '▸' | '↪' | '→' | '≥' | '›' | '✎' => ">",
        '◀' | '←' | '≤' | '‹' => "<",
        '▾' | '↓' => "v",
        '↑' => "^",
        '·' | '…' => ".",
        '•' | '●' | '⠋' | '⠙' | '⠹' | '⠸' | '⠼' | '⠴' | '⠦' | '⠧' | '⠇' | '⠏' => {
            "*"
        }
        '✗' | '×' => "x",
        '✓' => "v",
        '≠' => "#",
        '⇄' => "=",
        _ => "?",
    }
}
