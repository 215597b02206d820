//! The request pane's keys: actions from the key table, and the keys of the field being edited.

use crossterm::event::{KeyCode, KeyEvent};

use super::{Edit, Item, Outcome, RequestPane, Section};
use crate::core::catalogue::Catalogue;
use crate::core::draft::{BodyKind, Row, is_reserved_header};
use crate::core::request::RESERVED_PARAMS;
use crate::tui::keymap::Action;
use crate::tui::widgets::line_input::{InputOutcome, LineInput};

impl RequestPane {
    /// Runs an action of the key table (the pane is focused and nothing is being edited).
    pub fn on_action(&mut self, action: Action, cat: &Catalogue) -> Outcome {
        let out = self.action(action, cat);
        self.clamp();
        self.sync_body_cursor();
        out
    }

    fn action(&mut self, action: Action, cat: &Catalogue) -> Outcome {
        let item = self.current();
        match action {
            Action::Down => {
                self.selected = (self.selected + 1).min(self.items().len().saturating_sub(1))
            }
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::NextSection | Action::PrevSection => {
                self.section =
                    self.section
                        .step(if action == Action::NextSection { 1 } else { -1 });
                self.selected = self.first_row();
            }
            Action::NextMethod => self.set_method(1, cat),
            Action::PrevMethod => self.set_method(-1, cat),
            Action::EditUrl => {
                self.editing = Some(Edit::Url(LineInput::suggested(self.draft.editable_line())))
            }
            Action::Edit => return self.start_edit(item),
            Action::Toggle => match self.row_mut(item) {
                Some(r) if !matches!(item, Item::Path(_)) => r.enabled = !r.enabled,
                Some(_) => {
                    return Outcome::Refused(
                        "a path parameter is always sent: edit the URL to remove it".into(),
                    );
                }
                None => return Outcome::Ignored,
            },
            Action::AddRow => {
                let section = match (self.section, self.draft.body.kind) {
                    (Section::Body, BodyKind::Form) => Section::Body,
                    (Section::Body, _) => {
                        return Outcome::Refused(
                            "rows are for form bodies: press t until the body is form".into(),
                        );
                    }
                    (s, _) => s,
                };
                self.editing = Some(Edit::New {
                    section,
                    input: LineInput::default(),
                });
            }
            Action::DeleteRow => {
                let d = &mut self.draft;
                match item {
                    Item::Query(i) if i < d.query.len() => {
                        d.query.remove(i);
                    }
                    Item::Header(i) if i < d.headers.len() => {
                        d.headers.remove(i);
                    }
                    Item::Form(i) if i < d.body.form.len() => {
                        d.body.form.remove(i);
                    }
                    Item::Path(_) => {
                        return Outcome::Refused(
                            "a path parameter comes from the URL: press u and edit the path".into(),
                        );
                    }
                    _ => return Outcome::Ignored,
                }
            }
            Action::BodyKind => {
                self.draft.body.kind = self.draft.body.kind.next();
                self.section = Section::Body;
                self.selected = 1;
                return Outcome::Say(format!("body: {}", self.draft.body.kind.label()));
            }
            Action::NextChoice => {
                let choices = self.choices(item, cat);
                let Some(row) = self.row_mut(item) else {
                    return Outcome::Ignored;
                };
                if choices.is_empty() {
                    return Outcome::Refused(format!("{} has no choices to pick from", row.name));
                }
                let next = choices
                    .iter()
                    .position(|c| *c == row.value)
                    .map_or(0, |i| (i + 1) % choices.len());
                row.value.clone_from(&choices[next]);
                row.enabled = true;
            }
            _ => return Outcome::Ignored,
        }
        Outcome::Handled
    }

    fn start_edit(&mut self, item: Item) -> Outcome {
        self.editing = Some(match item {
            Item::Line => Edit::Url(LineInput::suggested(self.draft.editable_line())),
            Item::BodyKind => {
                self.draft.body.kind = self.draft.body.kind.next();
                return Outcome::Say(format!("body: {}", self.draft.body.kind.label()));
            }
            Item::BodyText => Edit::Body,
            Item::ContentType => Edit::Value {
                item,
                input: LineInput::new(self.draft.body.content_type.clone()),
            },
            _ => match self.row(item) {
                Some(r) => Edit::Value {
                    item,
                    input: LineInput::new(r.value.clone()),
                },
                None => return Outcome::Ignored,
            },
        });
        Outcome::Handled
    }

    /// A key while a field is being edited.
    pub fn edit_key(&mut self, key: KeyEvent, cat: &Catalogue) -> Outcome {
        let out = self.edit_key_inner(key, cat);
        self.clamp();
        self.sync_body_cursor();
        out
    }

    fn edit_key_inner(&mut self, key: KeyEvent, cat: &Catalogue) -> Outcome {
        let Some(editing) = self.editing.take() else {
            return Outcome::Ignored;
        };
        match editing {
            Edit::Body => {
                if key.code == KeyCode::Esc {
                    return Outcome::Handled;
                }
                self.body.input(key);
                self.draft.body.text = self.body.lines().join("\n");
                self.editing = Some(Edit::Body);
                Outcome::Handled
            }
            Edit::Url(mut input) => match input.handle_key(key) {
                // Enter on the line as it was changes nothing.
                InputOutcome::Submit if input.text() == self.draft.editable_line() => {
                    Outcome::Handled
                }
                InputOutcome::Submit => {
                    self.draft.set_url(&input.text());
                    self.rematch(cat);
                    self.after_new_line();
                    Outcome::Handled
                }
                InputOutcome::Cancel => Outcome::Handled,
                _ => {
                    self.editing = Some(Edit::Url(input));
                    Outcome::Handled
                }
            },
            Edit::Value { item, mut input } => {
                let outcome = input.handle_key(key);
                match outcome {
                    InputOutcome::Submit => {
                        self.commit_value(item, &input.text());
                        return Outcome::Handled;
                    }
                    InputOutcome::Cancel => return Outcome::Handled,
                    InputOutcome::Ignored if matches!(key.code, KeyCode::Up | KeyCode::Down) => {
                        let choices = self.choices(item, cat);
                        if !choices.is_empty() {
                            let at = choices.iter().position(|c| *c == input.text());
                            let n = choices.len();
                            let next = match (at, key.code == KeyCode::Down) {
                                (Some(i), true) => (i + 1) % n,
                                (Some(i), false) => (i + n - 1) % n,
                                (None, _) => 0,
                            };
                            input.set_text(choices[next].clone());
                        }
                    }
                    _ => {}
                }
                self.editing = Some(Edit::Value { item, input });
                Outcome::Handled
            }
            Edit::New { section, mut input } => match input.handle_key(key) {
                InputOutcome::Submit => self.add_row(section, &input.text()),
                InputOutcome::Cancel => Outcome::Handled,
                _ => {
                    self.editing = Some(Edit::New { section, input });
                    Outcome::Handled
                }
            },
        }
    }

    fn commit_value(&mut self, item: Item, text: &str) {
        if item == Item::ContentType {
            self.draft.body.content_type = text.trim().to_owned();
            return;
        }
        if let Some(r) = self.row_mut(item) {
            r.value = text.to_owned();
            r.enabled = true;
        }
    }

    fn add_row(&mut self, section: Section, text: &str) -> Outcome {
        let sep = if section == Section::Headers {
            ':'
        } else {
            '='
        };
        let (name, value) = text
            .split_once(sep)
            .or_else(|| text.split_once('='))
            .unwrap_or((text, ""));
        let (name, value) = (name.trim(), value.trim_start());
        if name.is_empty() {
            return Outcome::Refused(match section {
                Section::Headers => "write the header as Name: value".into(),
                _ => "write the row as name=value".into(),
            });
        }
        let d = &mut self.draft;
        let last = match section {
            Section::Params => {
                if RESERVED_PARAMS.contains(&name) {
                    return Outcome::Refused(format!(
                        "{name} is added by wpx when it signs: it cannot be a row"
                    ));
                }
                d.query.push(Row::new(name, value));
                d.path_params.len() + d.query.len()
            }
            Section::Headers => {
                if is_reserved_header(name) {
                    return Outcome::Refused(format!(
                        "{name} is set by wpx from the profile: it cannot be a row"
                    ));
                }
                d.headers.push(Row::new(name, value));
                d.headers.len()
            }
            Section::Body => {
                d.body.form.push(Row::new(name, value));
                d.body.form.len() + 1
            }
        };
        self.section = section;
        self.selected = last;
        Outcome::Handled
    }

    /// Pasted text: into the field being edited; a path or URL pasted onto the pane becomes the
    /// request line.
    pub fn paste(&mut self, s: &str, cat: &Catalogue) -> Outcome {
        match self.editing.as_mut() {
            Some(Edit::Body) => {
                self.body.insert_str(s);
                self.draft.body.text = self.body.lines().join("\n");
                Outcome::Handled
            }
            Some(Edit::Url(input) | Edit::Value { input, .. } | Edit::New { input, .. }) => {
                input.paste(s);
                Outcome::Handled
            }
            None => {
                let t = s.trim();
                if t.starts_with('/') || t.starts_with("https://") || t.starts_with("http://") {
                    self.draft.set_url(t);
                    self.rematch(cat);
                    self.after_new_line();
                    Outcome::Say(format!("the request line is now {}", self.draft.line()))
                } else {
                    Outcome::Ignored
                }
            }
        }
    }
}
