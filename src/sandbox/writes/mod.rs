//! Writes: POST and DELETE change the in-memory community, with Graph's validation errors. Each
//! catalogue entry that writes has a handler in [`HANDLERS`]; the handlers live by domain.

mod chat;
mod common;
mod exports;
mod groups;
mod knowledge;
mod media;
mod members;
mod objects;
mod people_sets;
mod posts;
mod surveys;
#[cfg(test)]
mod tests;

use serde_json::Value;

use super::call::Call;
use super::errors::GraphErr;

/// A write's handler.
pub type Handler = fn(&mut Call<'_>) -> Result<Value, GraphErr>;

/// The handler of each catalogue entry that writes, keyed by the entry's id.
const HANDLERS: &[(&str, Handler)] = &[
    ("community.groups.create", groups::create_group),
    ("community.members.add", members::set_active),
    ("community.members.remove", members::set_active),
    ("community.admins.add", groups::add_admin),
    ("group.admins.add", groups::add_admin),
    ("community.admins.remove", groups::remove_admin),
    ("group.admins.remove", groups::remove_admin),
    ("community.accounts.create", members::create_account),
    ("group.update", groups::update),
    ("group.feed.post", posts::create_post),
    ("member.feed.post", posts::create_post),
    ("group.members.add", groups::add_member),
    ("group.members.remove", groups::remove_member),
    ("group.member.remove", groups::remove_member),
    ("group.events.create", groups::create_event),
    ("group.docs.create", media::create_doc),
    ("group.photos.create", media::upload),
    ("group.videos.create", media::upload),
    ("me.videos.create", media::upload),
    ("kl.files.add", media::upload),
    ("group_file_revisions.create", media::upload),
    ("me.photos.create", media::upload),
    ("kl.photos.add", media::upload),
    ("kl.videos.add", media::upload),
    ("post.delete", objects::delete),
    ("comment.delete", objects::delete),
    ("photo.delete", objects::delete),
    ("doc.delete", objects::delete),
    ("event.delete", objects::delete),
    ("kl.category.delete", objects::delete),
    ("kl.quick_link.delete", objects::delete),
    ("people_set.delete", objects::delete),
    ("message.delete", objects::delete),
    ("object.comments.create", objects::comment),
    ("object.likes.create", objects::like),
    ("object.likes.delete", objects::unlike),
    ("member.update", members::update),
    ("member.delete", members::delete),
    ("member.logout", members::logout),
    ("member.profile_pictures.create", members::set_picture),
    ("member.badges.award", members::award_badge),
    ("member.skills.add", members::skills),
    ("member.skills.remove", members::skills),
    ("me.messages.send", chat::send),
    ("thread.threadname", chat::rename),
    ("thread.participants.add", chat::participants),
    ("thread.participants.remove", chat::participants),
    ("kl.categories.create", knowledge::create_category),
    ("kl.subcategories.create", knowledge::create_category),
    ("kl.category.update", knowledge::update),
    ("kl.quick_link.update", knowledge::update),
    ("kl.quick_links.create", knowledge::create_quick_link),
    ("people_sets.create", people_sets::write),
    ("people_set.update", people_sets::write),
    ("surveys.create", surveys::create_survey),
    ("export.start", exports::start),
];

/// The handler for the catalogue entry `id`.
pub fn handler(id: &str) -> Option<Handler> {
    HANDLERS.iter().find(|(k, _)| *k == id).map(|(_, h)| *h)
}

/// Applies the write named by the call's catalogue entry.
pub fn apply(c: &mut Call<'_>) -> Result<Value, GraphErr> {
    match handler(c.entry) {
        Some(h) => h(c),
        None => Err(GraphErr::no_object("post", c.target)),
    }
}
