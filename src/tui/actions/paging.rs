//! Pages: `]` and `[` turn the page on the same request; `}` fetches every page into one document.

use super::{send, spec};
use crate::core::draft::Draft;
use crate::tui::model::{Effect, Focus, Level, Model};

/// `}`: the request and every page after it, merged into one document.
pub(super) fn fetch_all(m: &mut Model) -> Vec<Effect> {
    if !super::connected(m) {
        return Vec::new();
    }
    let spec = match spec(m) {
        Ok(s) if s.method == crate::core::request::Method::Get => s,
        Ok(_) => {
            m.say(
                Level::Error,
                "} fetches the pages of a GET: this request is not one",
            );
            return Vec::new();
        }
        Err(e) => {
            m.say(Level::Error, e);
            m.focus = Focus::Request;
            return Vec::new();
        }
    };
    let endpoint = m.request.draft.endpoint.clone();
    let (id, mut fx) = super::start_flight(m, endpoint, 1, Some(String::new()));
    m.request.page = 1;
    let cursor = spec
        .query
        .iter()
        .find(|(k, _)| k == "after" || k == "before")
        .map(|(k, _)| k.clone());
    m.say(
        Level::Info,
        match cursor {
            // A cursor left by ] or [ starts the fetch part-way: said, not silently.
            Some(k) => format!(
                "fetching every page from the {k}= cursor in the rows (untick it to start at the first page): Esc stops"
            ),
            None => "fetching every page: Esc stops, keeping what came".to_owned(),
        },
    );
    fx.push(Effect::FetchAll { id, spec });
    fx
}

/// `]` and `[`: the cursor of the link on the same request, every other row kept.
pub(super) fn turn_page(m: &mut Model, next: bool) -> Vec<Effect> {
    let Some(r) = m.response.data.as_ref() else {
        m.say(Level::Info, "send a request first: ] and [ turn its pages");
        return Vec::new();
    };
    let (link, cursor) = if next {
        (r.next.clone(), r.cursors.0.clone().map(|c| ("after", c)))
    } else {
        (
            r.previous.clone(),
            r.cursors.1.clone().map(|c| ("before", c)),
        )
    };
    let Some(link) = link else {
        m.say(
            Level::Info,
            if next {
                "no next page (paging.next is absent)"
            } else {
                "no previous page (paging.previous is absent)"
            },
        );
        return Vec::new();
    };
    // A link to another origin is never followed with the profile's credentials.
    if let (Ok(url), Some(target)) = (url::Url::parse(&link), m.conn.target.as_ref())
        && let Err(e) = crate::core::request::check_origin(&url, target)
    {
        let r = &mut m.response;
        r.data = None;
        r.viewer = None;
        r.show_headers = false;
        r.failure = Some(format!("the next page is elsewhere: {e}"));
        m.say(Level::Error, e.to_string());
        return Vec::new();
    }
    let cursor = cursor.as_ref().map(|(k, v)| (*k, v.as_str()));
    if !m.request.draft.turn_page(&link, cursor) {
        // A link wpx cannot read as a cursor: send it as it is (origin-checked when signed).
        let method = m.request.draft.method;
        m.request.draft = Draft::from_url(method, &link);
    }
    let base = m.response.page.max(1);
    m.request.page = if next {
        base + 1
    } else {
        base.saturating_sub(1).max(1)
    };
    send(m)
}
