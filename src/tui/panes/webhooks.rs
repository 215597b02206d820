//! The webhooks view: the receiver's state (stopped, or listening on an address), the deliveries
//! recorded, newest first, with a verified/rejected badge, and the receiver's last notes.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::core::text::{Keep, clip, terminal_safe};
use crate::tui::keymap::Action;
use crate::tui::theme::{Role, role};
use crate::webhook_log::Record;

/// How many deliveries the view keeps (the files keep them all).
const KEEP: usize = 500;

/// The view's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WebhooksView {
    /// `http://127.0.0.1:8787/webhook` while the receiver runs.
    pub listening: Option<String>,
    /// Deliveries, oldest first.
    pub records: Vec<Record>,
    /// The selected delivery, counted from the newest.
    pub selected: usize,
    /// The receiver's latest note (a verification, an error).
    pub note: String,
}

/// What a key asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing more.
    Stay,
    /// Close the view.
    Close,
    /// Start or stop the receiver.
    Toggle,
    /// Open this delivery's payload in the viewer.
    Open(String),
    /// Replay this delivery (ask where).
    Replay(String),
}

impl WebhooksView {
    /// Adds a delivery that just arrived (it becomes the selected one when the newest was).
    pub fn push(&mut self, r: Record) {
        if self.records.iter().any(|x| x.id == r.id) {
            return;
        }
        if self.selected > 0 {
            self.selected += 1;
        }
        self.records.push(r);
        self.trim();
    }

    /// The recorded deliveries read from disk, merged with those that arrived meanwhile.
    pub fn load(&mut self, mut recorded: Vec<Record>) {
        let arrived: Vec<Record> = std::mem::take(&mut self.records)
            .into_iter()
            .filter(|r| !recorded.iter().any(|x| x.id == r.id))
            .collect();
        recorded.extend(arrived);
        self.records = recorded;
        self.trim();
    }

    fn trim(&mut self) {
        if self.records.len() > KEEP {
            let extra = self.records.len() - KEEP;
            self.records.drain(..extra);
        }
        self.selected = self.selected.min(self.records.len().saturating_sub(1));
    }

    /// The deliveries, newest first.
    pub fn newest_first(&self) -> impl Iterator<Item = &Record> {
        self.records.iter().rev()
    }

    fn selected_id(&self) -> Option<String> {
        self.newest_first().nth(self.selected).map(|r| r.id.clone())
    }

    /// Runs an action of the key table (the view's context).
    pub fn on_action(&mut self, action: Action) -> Outcome {
        let n = self.records.len();
        match action {
            Action::Down => self.selected = (self.selected + 1).min(n.saturating_sub(1)),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = n.saturating_sub(1),
            Action::ToggleReceiver => return Outcome::Toggle,
            Action::Open => return self.selected_id().map_or(Outcome::Stay, Outcome::Open),
            Action::Replay => return self.selected_id().map_or(Outcome::Stay, Outcome::Replay),
            Action::Cancel | Action::Quit => return Outcome::Close,
            _ => {}
        }
        Outcome::Stay
    }
}

/// Draws the view over the panes.
pub fn draw(v: &WebhooksView, f: &mut Frame, size: (u16, u16)) {
    let w = size.0.saturating_sub(6).clamp(20, 120);
    let h = size.1.saturating_sub(4).max(8);
    let area = Rect::new(size.0.saturating_sub(w) / 2, 2, w, h);
    f.render_widget(Clear, area);
    let state = match &v.listening {
        Some(url) => format!(" webhooks · listening on {url} "),
        None => " webhooks · receiver stopped ".to_owned(),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::default().fg(role(Role::Accent)))
        .title(state)
        .title_bottom(" s start/stop · Enter payload · r replay · Esc leaves ");
    let inner = block.inner(area);
    f.render_widget(block, area);
    let width = usize::from(inner.width);
    let mut lines = vec![Line::from(Span::styled(
        clip(
            &terminal_safe(
                if v.note.is_empty() {
                    "Deliveries are checked with the profile's app secret over their raw bytes and recorded in the state dir."
                } else {
                    &v.note
                },
                Keep::Nothing,
            ),
            width,
        )
        .into_owned(),
        Style::default().fg(role(Role::Muted)),
    ))];
    if v.records.is_empty() {
        lines.push(Line::from(if v.listening.is_some() {
            "No delivery yet: point your app's callback (or the sandbox's /{app-id}/subscriptions) here."
        } else {
            "No delivery recorded. s starts the receiver on 127.0.0.1:8787/webhook."
        }));
    }
    let rows = usize::from(inner.height.saturating_sub(1));
    let offset = v.selected.saturating_sub(rows.saturating_sub(1));
    for (i, r) in v.newest_first().enumerate().skip(offset).take(rows) {
        let (badge, colour) = if r.verified {
            ("✓ verified", role(Role::Success))
        } else {
            ("✗ rejected", role(Role::Error))
        };
        let detail = if r.verified {
            r.what()
        } else {
            r.reason.clone()
        };
        let text = format!(
            " {}  {}",
            crate::core::timefmt::clock_time(r.time),
            terminal_safe(&detail, Keep::Nothing)
        );
        let style = if i == v.selected {
            Style::default()
                .bg(role(Role::SelectionBg))
                .fg(role(Role::SelectionFg))
        } else {
            Style::default()
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{badge:<11}"), style.fg(colour)),
            Span::styled(clip(&text, width.saturating_sub(11)).into_owned(), style),
        ]));
    }
    f.render_widget(Paragraph::new(lines), inner);
}
