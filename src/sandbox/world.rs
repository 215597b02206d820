//! The sandbox's in-memory community: nodes with fields and edges, found by id, alias or e-mail.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};

/// What a node is. Decides its default fields, its edges and which path parameters accept it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// The community (root group).
    Community,
    /// A group.
    Group,
    /// A person.
    Member,
    /// An integration's bot page (`/me`).
    Bot,
    /// A post (`{group}_{post}`).
    Post,
    /// A comment.
    Comment,
    /// A photo.
    Photo,
    /// A photo album.
    Album,
    /// A video.
    Video,
    /// A doc (note).
    Doc,
    /// A file shared in a group.
    File,
    /// An event.
    Event,
    /// A badge.
    Badge,
    /// A skill.
    Skill,
    /// A Knowledge Library category.
    Category,
    /// A Knowledge Library quick link.
    QuickLink,
    /// A people set.
    PeopleSet,
    /// A survey.
    Survey,
    /// A content report.
    Report,
    /// A Work Chat thread (`t_…`).
    Thread,
    /// A Work Chat message (`m_…`).
    Message,
    /// An employee data export job.
    ExportJob,
    /// A download-your-information job.
    DyiJob,
}

impl Kind {
    /// The node type named in Graph errors.
    pub fn type_name(self) -> &'static str {
        match self {
            Self::Community | Self::Group => "Group",
            Self::Member => "User",
            Self::Bot => "Page",
            Self::Post => "Post",
            Self::Comment => "Comment",
            Self::Photo => "Photo",
            Self::Album => "Album",
            Self::Video => "Video",
            Self::Doc => "Note",
            Self::File => "GroupFile",
            Self::Event => "Event",
            Self::Badge => "WorkBadge",
            Self::Skill => "WorkSkill",
            Self::Category => "WorkKnowledgeLibraryCategory",
            Self::QuickLink => "WorkKnowledgeQuickLink",
            Self::PeopleSet => "WorkPeopleSet",
            Self::Survey => "WorkSurvey",
            Self::Report => "WorkContentReport",
            Self::Thread => "UnifiedThread",
            Self::Message => "Message",
            Self::ExportJob => "WorkDataExportJob",
            Self::DyiJob => "WorkDYIJob",
        }
    }

    /// Fields answered when the request names none.
    pub fn default_fields(self) -> &'static [&'static str] {
        match self {
            Self::Community | Self::Group => &["id", "name", "privacy"],
            Self::Member
            | Self::Bot
            | Self::Badge
            | Self::Skill
            | Self::PeopleSet
            | Self::Album => &["id", "name"],
            Self::Post => &["id", "message", "created_time"],
            Self::Comment => &["id", "message", "from", "created_time"],
            Self::Photo | Self::Video => &["id", "created_time"],
            Self::Doc => &["id", "subject", "created_time"],
            Self::File => &["id", "download_link", "updated_time"],
            Self::Event => &["id", "name", "start_time"],
            Self::Category | Self::QuickLink | Self::Survey => &["id", "title"],
            Self::Report => &["id", "reported_content"],
            Self::Thread => &["id", "name", "updated_time"],
            Self::Message => &["id", "message", "created_time"],
            Self::ExportJob | Self::DyiJob => &["id", "status"],
        }
    }

    /// The kinds a catalogue path parameter accepts.
    pub fn for_param(param: &str) -> &'static [Kind] {
        match param {
            "group-id" => &[Kind::Group],
            "member-id" => &[Kind::Member],
            "post-id" => &[Kind::Post],
            "comment-id" => &[Kind::Comment],
            "object-id" => &[Kind::Post, Kind::Comment, Kind::Photo],
            "event-id" => &[Kind::Event],
            "photo-id" => &[Kind::Photo],
            "video-id" => &[Kind::Video],
            "file-id" => &[Kind::File],
            "doc-id" => &[Kind::Doc],
            "category-id" => &[Kind::Category],
            "quick-link-id" => &[Kind::QuickLink],
            "people-set-id" => &[Kind::PeopleSet],
            "survey-id" => &[Kind::Survey],
            "report-id" => &[Kind::Report],
            "thread-id" => &[Kind::Thread],
            "message-id" => &[Kind::Message],
            "export-job-id" => &[Kind::ExportJob],
            "dyi-job-id" => &[Kind::DyiJob],
            "skill-id" => &[Kind::Skill],
            _ => &[],
        }
    }
}

/// One entry of an edge: a node, with fields particular to the edge (a reaction's `type`, a
/// membership's `administrator`), and the time used by `since` / `until`.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeItem {
    /// The node it points at.
    pub id: String,
    /// Edge-specific fields, answered as if they were the node's.
    pub extra: Map<String, Value>,
    /// Unix time of the entry.
    pub time: i64,
}

impl EdgeItem {
    /// An entry with no extra fields.
    pub fn to(id: impl Into<String>, time: i64) -> Self {
        Self {
            id: id.into(),
            extra: Map::new(),
            time,
        }
    }

    /// Adds an extra field.
    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.extra.insert(key.to_owned(), value.into());
        self
    }
}

/// A Graph object.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Its id.
    pub id: String,
    /// Its kind.
    pub kind: Kind,
    /// Fields; a reference to another node is `{"$ref": id}`.
    pub fields: Map<String, Value>,
    /// Stored edges, in answer order.
    pub edges: BTreeMap<String, Vec<EdgeItem>>,
    /// Creation time (unix seconds).
    pub time: i64,
    /// The group it lives in, for group-scoped apps.
    pub group: Option<String>,
}

impl Node {
    /// A node with an id and kind.
    pub fn new(id: impl Into<String>, kind: Kind, time: i64) -> Self {
        let id = id.into();
        let mut fields = Map::new();
        fields.insert("id".into(), Value::String(id.clone()));
        Self {
            id,
            kind,
            fields,
            edges: BTreeMap::new(),
            time,
            group: None,
        }
    }

    /// Sets a field.
    pub fn set(&mut self, key: &str, value: impl Into<Value>) -> &mut Self {
        self.fields.insert(key.to_owned(), value.into());
        self
    }

    /// A string field.
    pub fn str(&self, key: &str) -> Option<&str> {
        self.fields.get(key).and_then(Value::as_str)
    }

    /// The edge's entries (empty when absent).
    pub fn edge(&self, name: &str) -> &[EdgeItem] {
        self.edges.get(name).map_or(&[], Vec::as_slice)
    }

    /// The edge's entries, created when absent.
    pub fn edge_mut(&mut self, name: &str) -> &mut Vec<EdgeItem> {
        self.edges.entry(name.to_owned()).or_default()
    }
}

/// A reference to another node, as stored in a field.
pub fn reference(id: &str) -> Value {
    let mut m = Map::new();
    m.insert("$ref".into(), Value::String(id.to_owned()));
    Value::Object(m)
}

/// The id a field refers to, when it is a reference.
pub fn referenced(value: &Value) -> Option<&str> {
    value.as_object()?.get("$ref")?.as_str()
}

/// The whole community.
#[derive(Debug, Clone)]
pub struct World {
    /// Every node by id.
    pub nodes: HashMap<String, Node>,
    /// The community's id.
    pub community: String,
    /// The company id (SCIM, security events).
    pub company: String,
    /// The e-mail domain of members.
    pub email_domain: String,
    next_id: u64,
}

impl World {
    /// An empty world.
    pub fn new(community: &str, company: &str, email_domain: &str) -> Self {
        Self {
            nodes: HashMap::new(),
            community: community.to_owned(),
            company: company.to_owned(),
            email_domain: email_domain.to_owned(),
            next_id: 990_000_000_000_001,
        }
    }

    /// A fresh 15-digit id.
    pub fn new_id(&mut self) -> String {
        self.next_id += 1;
        self.next_id.to_string()
    }

    /// Adds (or replaces) a node.
    pub fn insert(&mut self, node: Node) {
        self.nodes.insert(node.id.clone(), node);
    }

    /// A node by id.
    pub fn get(&self, id: &str) -> Option<&Node> {
        self.nodes.get(id)
    }

    /// A node by id, mutable.
    pub fn get_mut(&mut self, id: &str) -> Option<&mut Node> {
        self.nodes.get_mut(id)
    }

    /// A member by e-mail (case-insensitive).
    pub fn member_by_email(&self, email: &str) -> Option<&Node> {
        self.nodes.values().find(|n| {
            n.kind == Kind::Member
                && n.str("email")
                    .is_some_and(|e| e.eq_ignore_ascii_case(email))
        })
    }

    /// All nodes of a kind, sorted by id for a stable order.
    pub fn all(&self, kind: Kind) -> Vec<&Node> {
        let mut v: Vec<&Node> = self.nodes.values().filter(|n| n.kind == kind).collect();
        v.sort_by(|a, b| a.time.cmp(&b.time).then_with(|| a.id.cmp(&b.id)));
        v
    }

    /// The group a node belongs to (itself for a group), following posts to their group.
    pub fn group_of(&self, id: &str) -> Option<String> {
        let node = self.get(id)?;
        match node.kind {
            Kind::Group => Some(node.id.clone()),
            _ => node.group.clone(),
        }
    }

    /// Removes an id from one edge of a node. Returns true when something was removed.
    pub fn unlink(&mut self, from: &str, edge: &str, id: &str) -> bool {
        let Some(node) = self.get_mut(from) else {
            return false;
        };
        let list = node.edge_mut(edge);
        let before = list.len();
        list.retain(|e| e.id != id);
        list.len() != before
    }

    /// Removes a node and every edge entry that points at it.
    pub fn remove(&mut self, id: &str) -> Option<Node> {
        let node = self.nodes.remove(id)?;
        for other in self.nodes.values_mut() {
            for list in other.edges.values_mut() {
                list.retain(|e| e.id != id);
            }
        }
        Some(node)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_find_and_remove() {
        let mut w = World::new("1", "2", "x.example");
        let mut m = Node::new("100", Kind::Member, 5);
        m.set("email", "A@X.example");
        w.insert(m);
        let mut g = Node::new("200", Kind::Group, 1);
        g.edge_mut("members")
            .push(EdgeItem::to("100", 1).with("administrator", true));
        w.insert(g);
        assert_eq!(
            w.member_by_email("a@x.EXAMPLE").map(|n| n.id.as_str()),
            Some("100")
        );
        assert_eq!(w.all(Kind::Member).len(), 1);
        assert!(w.remove("100").is_some());
        assert!(w.get("200").is_some_and(|g| g.edge("members").is_empty()));
        assert_ne!(w.new_id(), w.new_id());
    }

    #[test]
    fn references_round_trip() {
        assert_eq!(referenced(&reference("42")), Some("42"));
        assert_eq!(referenced(&Value::String("42".into())), None);
    }

    #[test]
    fn param_kinds() {
        assert!(Kind::for_param("object-id").contains(&Kind::Comment));
        assert!(Kind::for_param("unknown").is_empty());
    }
}
