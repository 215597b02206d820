//! What to do with the answer shown: `=` compares it with the one before, `E` writes it to a file.

use crate::core::pages::Format;
use crate::tui::model::{AppPrompt, Effect, Level, Model, Overlay};
use crate::tui::widgets::line_input::LineInput;

/// `=`: the answer shown against the one before it.
pub(super) fn compare(m: &mut Model) -> Vec<Effect> {
    let r = &mut m.response;
    let (Some(before), Some(after), true) = (
        r.previous.clone(),
        r.data.as_ref().map(|d| d.doc.clone()),
        r.viewer.is_some(),
    ) else {
        m.say(
            Level::Info,
            "nothing to compare yet: = compares an answer with the one before it (send twice)",
        );
        return Vec::new();
    };
    let id = m.next_id();
    let against = match &m.response.previous_label {
        Some(label) => format!("the answer before ({label})"),
        None => "the answer before".to_owned(),
    };
    if let Some(v) = m.response.viewer.as_mut() {
        v.start_compare(id, &against);
    }
    vec![Effect::Compare { id, before, after }]
}

/// `E`: asks where to write the answer.
pub(super) fn ask_export(m: &mut Model) {
    if m.response.data.is_none() {
        m.say(Level::Info, "nothing to export yet: send a request first");
    } else {
        // A new prompt: no file is replaced without being asked again.
        m.response.export_replace = None;
        let last = m.response.last_export.as_deref().unwrap_or("answer.json");
        m.overlay = Overlay::Prompt(AppPrompt::Export(LineInput::suggested(last)));
    }
}

/// Enter in the export prompt: the file's extension says how to write it.
pub(super) fn export(m: &mut Model, input: LineInput) -> Vec<Effect> {
    let name = input.text().trim().to_owned();
    // E again offers this name, to be corrected rather than typed again.
    if !name.is_empty() {
        m.response.last_export = Some(name.clone());
    }
    let (Some(format), Some(doc)) = (
        Format::from_name(&name),
        m.response.data.as_ref().map(|d| d.doc.clone()),
    ) else {
        // The prompt closes, or it would hide the message.
        m.say(
            Level::Error,
            format!(
                "'{name}': name the file with .json, .jsonl or .csv (that is how it is written): E offers the name again"
            ),
        );
        return Vec::new();
    };
    let replace = m.response.export_replace.take().as_deref() == Some(name.as_str());
    vec![Effect::Export {
        path: name.into(),
        format,
        doc,
        replace,
    }]
}

/// The export's file is there: the prompt opens again on it, and Enter replaces it.
pub(in crate::tui) fn export_exists(m: &mut Model, name: String) {
    if m.overlay == Overlay::None && m.response.data.is_some() {
        m.overlay = Overlay::Prompt(AppPrompt::Export(LineInput::suggested(name.clone())));
        // The prompt's own line says it (a message would be hidden under it).
        m.response.export_replace = Some(name);
    } else {
        m.say(
            Level::Info,
            format!("{name} is already there and was left as it is: E again to choose"),
        );
    }
}
