//! A fuzzy picker over the screen. As the switcher (`P`): the config profiles, the sandbox and
//! its demo apps (with the permissions each holds), and the environments; choosing one switches
//! to it without quitting, and the request being edited stays. As the command palette (Ctrl-P,
//! rows from `tui::palette`): also every action of the key table, the endpoints and the saved
//! requests and history. Typing filters the list (fuzzy, as the endpoint filter).

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::core::text::clip;
use crate::tui::message::{Connection, ProfileInfo};
use crate::tui::theme::{Role, role};
use crate::tui::widgets::line_input::{InputOutcome, LineInput, list_move};
use crate::tui::widgets::style::block;

/// What a row switches to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// A demo app of the sandbox, by key (`all`, `readonly`, …).
    App(String),
    /// A config profile, by name (`None`: the built-in sandbox).
    Profile(Option<String>),
    /// An environment (`None`: no environment).
    Environment(Option<String>),
    /// An action of the key table, run in its context.
    Action(crate::tui::keymap::Action, crate::tui::keymap::Context),
    /// A catalogue endpoint, by index.
    Endpoint(usize),
    /// A saved request or history entry, by index in the saved pane's rows.
    Saved(usize),
}

/// One row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// What it is called.
    pub label: String,
    /// What it holds (an app's permissions).
    pub detail: String,
    /// What choosing it does.
    pub choice: Choice,
    /// The active one.
    pub current: bool,
}

/// What a key did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Keep the switcher open.
    Stay,
    /// Close it.
    Close,
    /// Switch to this.
    Choose(Choice),
}

/// The switcher's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Switcher {
    /// The title.
    pub title: String,
    /// True for the command palette (its rows are rebuilt when environments or saved requests
    /// arrive).
    pub palette: bool,
    /// The environments its rows were made with.
    pub environments: Vec<String>,
    rows: Vec<Row>,
    /// The selected row among those shown.
    selected: usize,
    /// The filter.
    pub filter: LineInput,
}

impl Switcher {
    /// The switcher of profiles, demo apps and environments.
    pub fn new(conn: &Connection, profiles: &[ProfileInfo], environments: &[String]) -> Self {
        Self::with_rows(
            " Switch (type to filter · Enter switches · Esc closes) ",
            false,
            switch_rows(conn, profiles, environments),
        )
    }

    /// A picker of `rows` (the switcher opens on the active one).
    pub fn with_rows(title: &str, palette: bool, rows: Vec<Row>) -> Self {
        let mut s = Self {
            title: title.to_owned(),
            palette,
            environments: Vec::new(),
            rows,
            selected: 0,
            filter: LineInput::default(),
        };
        // The switcher opens on what is active; the palette at its first row.
        if !palette {
            s.selected = s.shown().iter().position(|r| r.current).unwrap_or(0);
        }
        s
    }

    /// The rows the filter lets through, best match first.
    pub fn shown(&self) -> Vec<&Row> {
        let mut q = crate::core::fuzzy::Query::new(&self.filter.text());
        if q.is_empty() {
            return self.rows.iter().collect();
        }
        let mut hits: Vec<(u32, usize)> = self
            .rows
            .iter()
            .enumerate()
            .filter_map(|(i, r)| q.score(&r.label, &r.detail).map(|s| (s, i)))
            .collect();
        hits.sort_by_key(|&(s, i)| (std::cmp::Reverse(s), i));
        hits.into_iter().map(|(_, i)| &self.rows[i]).collect()
    }

    /// The selected row.
    pub fn selected(&self) -> Option<&Row> {
        self.shown().get(self.selected).copied()
    }

    /// A key: ↑ ↓ (Ctrl-P/N) move, Enter chooses, Esc closes, anything else edits the filter.
    pub fn key(&mut self, key: KeyEvent) -> Outcome {
        let n = self.shown().len();
        if let Some(d) = list_move(&key) {
            self.selected = self
                .selected
                .saturating_add_signed(d)
                .min(n.saturating_sub(1));
            return Outcome::Stay;
        }
        match key.code {
            KeyCode::Enter => {
                return self
                    .selected()
                    .map_or(Outcome::Stay, |r| Outcome::Choose(r.choice.clone()));
            }
            KeyCode::Esc => return Outcome::Close,
            _ => {
                if self.filter.handle_key(key) == InputOutcome::Changed {
                    self.selected = 0;
                }
            }
        }
        Outcome::Stay
    }
}

/// The switcher's rows: the config profiles and the sandbox, the demo apps (on the sandbox), "no
/// environment" and the environments.
pub fn switch_rows(
    conn: &Connection,
    profiles: &[ProfileInfo],
    environments: &[String],
) -> Vec<Row> {
    let mut rows: Vec<Row> = profiles
        .iter()
        .map(|p| Row {
            label: format!("profile {}", p.name),
            detail: match &p.problem {
                // The problem first: a narrow switcher keeps it.
                Some(why) => format!("problem: {why} · {}", p.base_url),
                None => p.base_url.clone(),
            },
            choice: Choice::Profile(Some(p.name.clone())),
            current: !conn.sandbox && conn.label == p.name,
        })
        .collect();
    if !profiles.is_empty() || !conn.sandbox {
        rows.push(Row {
            label: "sandbox (the built-in demo API)".into(),
            detail: "demo apps with public fake credentials, on 127.0.0.1".into(),
            choice: Choice::Profile(None),
            current: conn.sandbox,
        });
    }
    rows.extend(conn.apps.iter().map(|a| Row {
        label: format!("app {} ({})", a.key, a.name),
        detail: format!(
            "{}{}",
            if a.require_proof {
                "proof required · "
            } else {
                ""
            },
            a.permissions.join(" ")
        ),
        choice: Choice::App(a.key.clone()),
        current: conn.app.as_deref() == Some(a.key.as_str()),
    }));
    let active = conn.environment.as_ref().map(|e| e.name.as_str());
    rows.push(Row {
        label: "no environment".into(),
        detail: "only the collection's and the profile's variables".into(),
        choice: Choice::Environment(None),
        current: active.is_none(),
    });
    rows.extend(environments.iter().map(|name| Row {
        label: format!("env {name}"),
        detail: "environments/".to_owned() + name + ".toml",
        choice: Choice::Environment(Some(name.clone())),
        current: active == Some(name.as_str()),
    }));
    rows
}

/// Draws the switcher over the screen, centred, only the rows that fit.
pub fn draw(s: &Switcher, f: &mut Frame, size: (u16, u16)) {
    let (area, rows) = crate::tui::layout::switcher(size, s.rows.len());
    f.render_widget(Clear, area);
    let outer = block(s.title.clone(), true);
    let inner = outer.inner(area);
    f.render_widget(outer, area);
    let width = usize::from(inner.width);
    let mut lines = vec![Line::from(
        [Span::styled("› ", Style::default().fg(role(Role::Warning)))]
            .into_iter()
            .chain(s.filter.line(inner.width.saturating_sub(2), true).spans)
            .collect::<Vec<_>>(),
    )];
    let shown = s.shown();
    if shown.is_empty() {
        lines.push(Line::from(Span::styled(
            "nothing matches: Backspace edits the filter",
            Style::default().fg(role(Role::Warning)),
        )));
    }
    let first = s.selected.saturating_sub(rows.saturating_sub(1));
    for (i, r) in shown.iter().enumerate().skip(first).take(rows) {
        let style = if i == s.selected {
            Style::default()
                .bg(role(Role::SelectionBg))
                .fg(role(Role::SelectionFg))
        } else {
            Style::default()
        };
        let mark = if r.current { "● " } else { "  " };
        let label = format!("{mark}{}", r.label);
        let room = width.saturating_sub(label.chars().count() + 3);
        lines.push(Line::from(vec![
            Span::styled(label, style.add_modifier(Modifier::BOLD)),
            Span::styled(
                format!("  {}", clip(&r.detail, room)),
                style.fg(if i == s.selected {
                    role(Role::SelectionFg)
                } else {
                    role(Role::Muted)
                }),
            ),
        ]));
    }
    f.render_widget(Paragraph::new(lines), inner);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::message::DemoApp;

    fn conn() -> Connection {
        Connection {
            apps: vec![
                DemoApp {
                    key: "all".into(),
                    name: "All permissions".into(),
                    permissions: vec!["read_group".into(), "write_group".into()],
                    require_proof: true,
                },
                DemoApp {
                    key: "readonly".into(),
                    name: "Read only".into(),
                    permissions: vec!["read_group".into()],
                    require_proof: false,
                },
            ],
            app: Some("all".into()),
            sandbox: true,
            label: "SANDBOX".into(),
            ..Connection::default()
        }
    }

    fn profiles() -> Vec<ProfileInfo> {
        vec![
            ProfileInfo {
                name: "prod".into(),
                base_url: "https://graph.facebook.com/".into(),
                problem: None,
            },
            ProfileInfo {
                name: "broken".into(),
                base_url: String::new(),
                problem: Some("access token: T is not set: export it".into()),
            },
        ]
    }

    #[test]
    fn lists_the_profiles_and_the_sandbox_with_their_problems() {
        let s = Switcher::new(&conn(), &profiles(), &[]);
        let labels: Vec<&str> = s.shown().iter().map(|r| r.label.as_str()).collect();
        assert_eq!(
            labels[..3],
            [
                "profile prod",
                "profile broken",
                "sandbox (the built-in demo API)"
            ]
        );
        assert!(s.shown()[1].detail.contains("T is not set"));
        assert_eq!(
            s.selected().map(|r| r.choice.clone()),
            Some(Choice::Profile(None)),
            "on the sandbox, the switcher opens on it"
        );
        // On a profile: that profile is the current row, and there are no demo apps.
        let on_prod = Connection {
            label: "prod".into(),
            ..Connection::default()
        };
        let mut s = Switcher::new(&on_prod, &profiles(), &[]);
        assert_eq!(s.selected().map(|r| r.label.as_str()), Some("profile prod"));
        assert!(!s.shown().iter().any(|r| matches!(r.choice, Choice::App(_))));
        for c in "sandbox".chars() {
            s.key(k(KeyCode::Char(c)));
        }
        assert_eq!(
            s.key(k(KeyCode::Enter)),
            Outcome::Choose(Choice::Profile(None))
        );
    }

    fn k(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, crossterm::event::KeyModifiers::NONE)
    }

    #[test]
    fn lists_apps_then_environments_and_opens_on_the_active_one() {
        let s = Switcher::new(&conn(), &[], &["staging".into()]);
        let labels: Vec<&str> = s.shown().iter().map(|r| r.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "app all (All permissions)",
                "app readonly (Read only)",
                "no environment",
                "env staging"
            ]
        );
        assert_eq!(s.selected().map(|r| r.label.as_str()), Some(labels[0]));
        assert!(s.shown()[0].detail.contains("proof required"));
    }

    #[test]
    fn typing_filters_and_enter_chooses() {
        let mut s = Switcher::new(&conn(), &[], &["staging".into()]);
        for c in "rdonly".chars() {
            assert_eq!(s.key(k(KeyCode::Char(c))), Outcome::Stay);
        }
        assert_eq!(
            s.key(k(KeyCode::Enter)),
            Outcome::Choose(Choice::App("readonly".into()))
        );
        let mut s = Switcher::new(&conn(), &[], &["staging".into()]);
        s.key(k(KeyCode::Down));
        s.key(k(KeyCode::Down));
        s.key(k(KeyCode::Down));
        assert_eq!(
            s.key(k(KeyCode::Enter)),
            Outcome::Choose(Choice::Environment(Some("staging".into())))
        );
        assert_eq!(s.key(k(KeyCode::Esc)), Outcome::Close);
    }
}
