//! The structure tree for readers (PDF 32000-1, 14.7 and 14.8): one
//! structure element per element of the layout's tree that holds content,
//! its kids the marked-content sequences (MCIDs) and annotations that belong
//! to it, in reading order, and the parent tree that leads from a page's
//! MCIDs and from each annotation back to its element.
//!
//! The elements, hundreds in a workbook, are written straight as bytes
//! ([`Prewritten`]) rather than built as lopdf dictionaries.

use lopdf::{dictionary, Dictionary, Document, Object, ObjectId};

use crate::pdf::layout::tags::{NodeId, Role, StructTree};

use super::serialize::{write_name, write_reference, write_separated, Prewritten};
use super::text_string;
use super::tokens::write_integer;

/// Something an element owns on a page.
#[derive(Debug, Clone, Copy)]
enum Kid {
    Content {
        page: ObjectId,
        mcid: u32,
    },
    Annotation {
        page: ObjectId,
        annotation: ObjectId,
    },
}

/// Collects, page by page in reading order, what each element owns, then
/// writes the tree.
pub struct StructureBuilder<'a> {
    tree: &'a StructTree,
    /// What each element owns, with its place in reading order.
    owned: Vec<Vec<(u32, Kid)>>,
    /// Per page: the page and the element of each of its MCIDs.
    pages: Vec<(ObjectId, Vec<NodeId>)>,
    annotations: Vec<(ObjectId, NodeId)>,
    order: u32,
}

impl<'a> StructureBuilder<'a> {
    pub fn new(tree: &'a StructTree) -> StructureBuilder<'a> {
        StructureBuilder {
            tree,
            owned: vec![Vec::new(); tree.len()],
            pages: Vec::new(),
            annotations: Vec::new(),
            order: 0,
        }
    }

    /// Starts the next page, whose MCIDs belong to `mcids` in order.
    pub fn page(&mut self, page: ObjectId, mcids: Vec<NodeId>) {
        self.pages.push((page, mcids));
    }

    /// The marked-content sequence `mcid` of the current page, next in
    /// reading order.
    pub fn content(&mut self, mcid: u32) {
        let Some((page, mcids)) = self.pages.last() else {
            return;
        };
        if let Some(node) = mcids.get(mcid as usize) {
            let page = *page;
            self.own(*node, Kid::Content { page, mcid });
        }
    }

    /// An annotation of the current page owned by `node`, next in reading
    /// order.
    pub fn annotation(&mut self, annotation: ObjectId, node: NodeId) {
        let Some(&(page, _)) = self.pages.last() else {
            return;
        };
        self.annotations.push((annotation, node));
        self.own(node, Kid::Annotation { page, annotation });
    }

    fn own(&mut self, node: NodeId, kid: Kid) {
        if let Some(owned) = self.owned.get_mut(node.0 as usize) {
            owned.push((self.order, kid));
            self.order += 1;
        }
    }

    /// Writes the structure tree and parent tree, sets `/StructParents` on
    /// the pages and `/StructParent` on the annotations; returns the
    /// structure tree root, and the elements written as bytes.
    pub fn write(self, doc: &mut Document) -> (ObjectId, Prewritten) {
        let first = self.first_in_reading_order();
        let kept = |node: NodeId| {
            first[node.0 as usize].is_some()
                || self.tree.get(node).is_some_and(|n| {
                    // Tables stay regular: an empty cell is still a cell.
                    matches!(n.role, Role::TR | Role::TH | Role::TD)
                        && n.parent.is_some_and(|p| first[p.0 as usize].is_some())
                })
        };
        let ids: Vec<Option<ObjectId>> = self
            .tree
            .nodes()
            .map(|(id, _)| (id == StructTree::ROOT || kept(id)).then(|| doc.new_object_id()))
            .collect();
        let root = doc.new_object_id();
        let id_of = |node: NodeId| ids.get(node.0 as usize).copied().flatten();

        let mut elements = Prewritten::default();
        let mut kids = Vec::new();
        for (node_id, node) in self.tree.nodes() {
            let Some(object_id) = id_of(node_id) else {
                continue;
            };
            let owned = &self.owned[node_id.0 as usize];
            let own_page = owned.first().map(|(_, kid)| match kid {
                Kid::Content { page, .. } | Kid::Annotation { page, .. } => *page,
            });
            // Child elements in their order, each placed before the first
            // owned piece that comes after it in reading order.
            kids.clear();
            let mut owned_iter = owned.iter().peekable();
            let mut last_key = 0;
            for &child in &node.children {
                let Some(child_id) = id_of(child) else {
                    continue;
                };
                let key = first[child.0 as usize].unwrap_or(last_key);
                while let Some((_, kid)) = owned_iter.next_if(|(order, _)| *order < key) {
                    kids.push(ElementKid::Owned(*kid));
                }
                kids.push(ElementKid::Element(child_id));
                last_key = key;
            }
            kids.extend(owned_iter.map(|(_, kid)| ElementKid::Owned(*kid)));

            let parent = node.parent.and_then(id_of).unwrap_or(root);
            elements.object(object_id, |out| {
                out.extend_from_slice(b"<</S");
                write_name(out, node.role.name().as_bytes());
                out.extend_from_slice(b"/P ");
                write_reference(out, parent);
                if let Some(page) = own_page {
                    out.extend_from_slice(b"/Pg ");
                    write_reference(out, page);
                }
                if let [only] = &kids[..] {
                    out.extend_from_slice(b"/K");
                    write_kid(out, *only, own_page, true);
                } else if !kids.is_empty() {
                    out.extend_from_slice(b"/K[");
                    for (index, kid) in kids.iter().enumerate() {
                        write_kid(out, *kid, own_page, index > 0);
                    }
                    out.push(b']');
                }
                if let Some(alt) = &node.alt {
                    out.extend_from_slice(b"/Alt");
                    write_separated(out, &text_string(alt));
                }
                if let Some(lang) = &node.lang {
                    out.extend_from_slice(b"/Lang");
                    write_separated(out, &text_string(lang));
                }
                if node.role == Role::TH {
                    out.extend_from_slice(b"/A<</O/Table/Scope/Column>>");
                }
                out.extend_from_slice(b">>");
            });
        }

        let mut numbers = Vec::new();
        for (index, (page, mcids)) in self.pages.iter().enumerate() {
            if let Ok(dict) = doc.get_dictionary_mut(*page) {
                dict.set("StructParents", index as i64);
            }
            let parents: Vec<Object> = mcids
                .iter()
                .map(|node| id_of(*node).map_or(Object::Null, Object::Reference))
                .collect();
            numbers.push(Object::Integer(index as i64));
            numbers.push(Object::Array(parents));
        }
        let mut key = self.pages.len() as i64;
        for (annotation, node) in &self.annotations {
            let Some(element) = id_of(*node) else {
                continue;
            };
            if let Ok(dict) = doc.get_dictionary_mut(*annotation) {
                dict.set("StructParent", key);
            }
            numbers.push(Object::Integer(key));
            numbers.push(Object::Reference(element));
            key += 1;
        }
        let parent_tree = doc.add_object(dictionary! { "Nums" => numbers });
        let document = id_of(StructTree::ROOT).map_or(Object::Null, Object::Reference);
        let mut root_dict = Dictionary::new();
        root_dict.set("Type", "StructTreeRoot");
        root_dict.set("K", document);
        root_dict.set("ParentTree", parent_tree);
        root_dict.set("ParentTreeNextKey", key);
        doc.objects.insert(root, Object::Dictionary(root_dict));
        (root, elements)
    }

    /// For each element, the reading-order place of the first thing it or
    /// any element inside it owns; `None` for an element with no content.
    fn first_in_reading_order(&self) -> Vec<Option<u32>> {
        let mut first: Vec<Option<u32>> = self
            .owned
            .iter()
            .map(|owned| owned.first().map(|(order, _)| *order))
            .collect();
        // Children come after their parents, so one backward pass suffices.
        for (id, node) in self.tree.nodes().collect::<Vec<_>>().into_iter().rev() {
            let Some(parent) = node.parent else { continue };
            if let Some(child_first) = first[id.0 as usize] {
                let parent_first = &mut first[parent.0 as usize];
                *parent_first = Some(parent_first.map_or(child_first, |f| f.min(child_first)));
            }
        }
        first
    }
}

/// A kid of an element: a child element, or a piece it owns.
#[derive(Debug, Clone, Copy)]
enum ElementKid {
    Element(ObjectId),
    Owned(Kid),
}

/// Writes a kid: a child element's reference, a bare MCID on the element's
/// own page, otherwise a marked-content or object reference naming its
/// page. `after_token` puts a space before a number or reference.
fn write_kid(out: &mut Vec<u8>, kid: ElementKid, own_page: Option<ObjectId>, after_token: bool) {
    let space = |out: &mut Vec<u8>| {
        if after_token {
            out.push(b' ');
        }
    };
    match kid {
        ElementKid::Element(id) => {
            space(out);
            write_reference(out, id);
        }
        ElementKid::Owned(Kid::Content { page, mcid }) if Some(page) == own_page => {
            space(out);
            write_integer(out, mcid);
        }
        ElementKid::Owned(Kid::Content { page, mcid }) => {
            write_page_kid(out, ("MCR", page), "MCID", |out| write_integer(out, mcid));
        }
        ElementKid::Owned(Kid::Annotation { page, annotation }) => {
            write_page_kid(out, ("OBJR", page), "Obj", |out| {
                write_reference(out, annotation)
            });
        }
    }
}

/// A kid that names its page: `<</Type/{kind}/Pg {page}/{key} {value}>>`,
/// a marked-content (MCR) or object (OBJR) reference.
fn write_page_kid(
    out: &mut Vec<u8>,
    (kind, page): (&str, ObjectId),
    key: &str,
    write_value: impl FnOnce(&mut Vec<u8>),
) {
    out.extend_from_slice(b"<</Type/");
    out.extend_from_slice(kind.as_bytes());
    out.extend_from_slice(b"/Pg ");
    write_reference(out, page);
    out.push(b'/');
    out.extend_from_slice(key.as_bytes());
    out.push(b' ');
    write_value(out);
    out.extend_from_slice(b">>");
}
