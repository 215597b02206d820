//! Colour roles and themes. Panes never name a colour: they draw with [`role`], a placeholder
//! that stands for what the colour means (the accent, a muted text, a JSON key…), and [`Theme::paint`]
//! turns every placeholder into the theme's colour once per frame, after drawing — the way a
//! terminal's palette turns colour numbers into colours. A theme is a preset (`dark`, the default, or
//! `light` for light backgrounds) with any role set in config.toml's `[theme]`.

use std::collections::BTreeMap;

use ratatui::buffer::Buffer;
use ratatui::style::Color;

/// What a colour means. Each is a key of `[theme]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Role {
    /// The focused frame, key names, turned-on rows, the active section.
    Accent,
    /// Unfocused frames, hints, history rows, summaries.
    Muted,
    /// The selected row's background.
    SelectionBg,
    /// The selected row's text.
    SelectionFg,
    /// Prompts, notices, the SANDBOX badge, path parameters.
    Warning,
    /// Errors.
    Error,
    /// Success: a 2xx status, valid JSON.
    Success,
    /// Text on a coloured background (badges, search hits, the active section).
    OnColour,
    /// GET.
    MethodGet,
    /// POST.
    MethodPost,
    /// DELETE.
    MethodDelete,
    /// Other methods.
    MethodOther,
    /// JSON keys and header names.
    JsonKey,
    /// JSON strings.
    JsonString,
    /// JSON numbers.
    JsonNumber,
    /// `true`, `false`, `null`.
    JsonLiteral,
    /// A search hit's background.
    Match,
    /// The current search hit's background.
    CurrentMatch,
    /// The viewer's cursor line.
    CursorLine,
}

/// Every role with its `[theme]` key, in order.
pub const ROLES: [(Role, &str); 19] = [
    (Role::Accent, "accent"),
    (Role::Muted, "muted"),
    (Role::SelectionBg, "selection_bg"),
    (Role::SelectionFg, "selection_fg"),
    (Role::Warning, "warning"),
    (Role::Error, "error"),
    (Role::Success, "success"),
    (Role::OnColour, "on_colour"),
    (Role::MethodGet, "method_get"),
    (Role::MethodPost, "method_post"),
    (Role::MethodDelete, "method_delete"),
    (Role::MethodOther, "method_other"),
    (Role::JsonKey, "json_key"),
    (Role::JsonString, "json_string"),
    (Role::JsonNumber, "json_number"),
    (Role::JsonLiteral, "json_literal"),
    (Role::Match, "match"),
    (Role::CurrentMatch, "current_match"),
    (Role::CursorLine, "cursor_line"),
];

/// The first placeholder colour; the roles follow.
const BASE: u8 = 232 - ROLES.len() as u8;

// The placeholders stay out of the 16 ANSI colours.
const _: () = assert!(BASE >= 16);

/// The placeholder colour of a role, for drawing; [`Theme::paint`] colours it.
pub const fn role(r: Role) -> Color {
    Color::Indexed(BASE + r as u8)
}

fn placeholder(c: Color) -> Option<usize> {
    match c {
        Color::Indexed(i) if (BASE..BASE + ROLES.len() as u8).contains(&i) => {
            Some(usize::from(i - BASE))
        }
        _ => None,
    }
}

/// A colour for each role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    colours: [Color; ROLES.len()],
}

impl Default for Theme {
    fn default() -> Self {
        Self::dark()
    }
}

impl Theme {
    /// For dark backgrounds: the 16 ANSI colours, which the terminal's own palette tunes.
    pub fn dark() -> Self {
        use Color::*;
        Self {
            colours: [
                Cyan,
                DarkGray,
                Blue,
                White,
                Yellow,
                Red,
                Green,
                Black,
                Green,
                Yellow,
                Red,
                Magenta,
                Blue,
                Green,
                Cyan,
                Magenta,
                Yellow,
                Magenta,
                Rgb(40, 44, 52),
            ],
        }
    }

    /// For light backgrounds: darker text colours (yellow and cyan on white are unreadable),
    /// pale backgrounds for hits and the cursor line.
    pub fn light() -> Self {
        use Color::*;
        Self {
            colours: [
                Indexed(25),  // accent: a dark blue
                Indexed(244), // muted: a mid grey
                Indexed(25),
                White,
                Indexed(130), // warning: a dark orange
                Indexed(124), // error: a dark red
                Indexed(28),  // success: a dark green
                White,
                Indexed(28),
                Indexed(130),
                Indexed(124),
                Indexed(90),
                Indexed(25),
                Indexed(28),
                Indexed(30),
                Indexed(90),
                Indexed(222), // match: a pale orange
                Indexed(177),
                Indexed(254), // cursor line: a pale grey
            ],
        }
    }

    /// The colour of a role.
    pub fn colour(&self, r: Role) -> Color {
        self.colours[r as usize]
    }

    /// The theme of config.toml's `[theme]`: `preset = "dark" | "light"`, then any role as a colour
    /// name (`blue`, `darkgray`), a number of the 256-colour palette (`25`) or `#rrggbb`. What
    /// does not fit is left at the preset and said in the returned notes, one per key.
    pub fn from_config(table: &BTreeMap<String, String>) -> (Self, Vec<String>) {
        let mut notes = Vec::new();
        let mut theme = match table.get("preset").map(String::as_str) {
            None | Some("dark") => Self::dark(),
            Some("light") => Self::light(),
            Some(other) => {
                notes.push(format!(
                    "[theme] preset '{other}' is not known: use \"dark\" or \"light\""
                ));
                Self::dark()
            }
        };
        for (key, value) in table.iter().filter(|(k, _)| k.as_str() != "preset") {
            let Some(&(r, _)) = ROLES.iter().find(|(_, name)| name == key) else {
                let names: Vec<&str> = ROLES.iter().map(|(_, n)| *n).collect();
                notes.push(format!(
                    "[theme] has no role '{key}': the roles are preset, {}",
                    names.join(", ")
                ));
                continue;
            };
            match value.parse::<Color>() {
                Ok(c) => theme.colours[r as usize] = c,
                Err(_) => notes.push(format!(
                    "[theme] {key} = '{value}' is not a colour: use a name (blue, darkgray), a number 0-255 or #rrggbb"
                )),
            }
        }
        (theme, notes)
    }

    /// Colours every placeholder in `buf` (foreground, background and underline).
    pub fn paint(&self, buf: &mut Buffer) {
        let map = |c: &mut Color| {
            if let Some(i) = placeholder(*c) {
                *c = self.colours[i];
            }
        };
        for cell in buf.content.iter_mut() {
            map(&mut cell.fg);
            map(&mut cell.bg);
            map(&mut cell.underline_color);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn roles_and_keys_are_in_one_order() {
        for (i, (r, _)) in ROLES.iter().enumerate() {
            assert_eq!(*r as usize, i);
        }
    }

    #[test]
    fn the_preset_and_each_role_come_from_the_table() {
        let (t, notes) = Theme::from_config(&table(&[
            ("preset", "light"),
            ("accent", "#ff8800"),
            ("muted", "240"),
            ("error", "lightred"),
        ]));
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(t.colour(Role::Accent), Color::Rgb(0xff, 0x88, 0));
        assert_eq!(t.colour(Role::Muted), Color::Indexed(240));
        assert_eq!(t.colour(Role::Error), Color::LightRed);
        assert_eq!(
            t.colour(Role::CursorLine),
            Theme::light().colour(Role::CursorLine)
        );
    }

    #[test]
    fn what_does_not_fit_is_said_and_left_at_the_preset() {
        let (t, notes) = Theme::from_config(&table(&[
            ("preset", "solarized"),
            ("acent", "blue"),
            ("error", "not-a-colour"),
        ]));
        assert_eq!(t, Theme::dark());
        assert_eq!(notes.len(), 3, "{notes:?}");
        assert!(notes[0].contains("preset 'solarized'"));
        assert!(
            notes
                .iter()
                .any(|n| n.contains("no role 'acent'") && n.contains("accent"))
        );
        assert!(
            notes
                .iter()
                .any(|n| n.contains("'not-a-colour' is not a colour"))
        );
    }

    #[test]
    fn paint_turns_placeholders_into_the_theme_colours_and_leaves_the_rest() {
        let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, 3, 1));
        buf.content[0].fg = role(Role::Warning);
        buf.content[0].bg = role(Role::SelectionBg);
        buf.content[1].fg = Color::Indexed(7);
        Theme::light().paint(&mut buf);
        assert_eq!(buf.content[0].fg, Theme::light().colour(Role::Warning));
        assert_eq!(buf.content[0].bg, Theme::light().colour(Role::SelectionBg));
        assert_eq!(buf.content[1].fg, Color::Indexed(7));
        assert_eq!(buf.content[2].fg, Color::Reset);
    }
}
