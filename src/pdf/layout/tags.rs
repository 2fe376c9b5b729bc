//! The document's logical structure for readers: a tree of structure
//! elements (sections, headings, paragraphs, lists, tables, links, form
//! fields) in reading order, and the tag on every piece of page content
//! that says which element it belongs to, or that it is an artifact
//! (running headers, page numbers, rules, backgrounds). The writer turns
//! the tree into a PDF structure tree; nothing here knows PDF syntax.

/// A structure element, by its index in a [`StructTree`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

/// What a piece of page content is to a reader.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Tag {
    /// Decoration or pagination: skipped by readers.
    #[default]
    Artifact,
    /// Content of this structure element.
    Node(NodeId),
}

/// The kind of a structure element: the standard structure types of
/// PDF 1.7 (ISO 32000-1, 14.8.4) that a workbook uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Document,
    Sect,
    /// A heading of level 1 to 6.
    Heading(u8),
    P,
    BlockQuote,
    Code,
    L,
    LI,
    Lbl,
    LBody,
    Table,
    TR,
    /// A header cell that heads its column.
    TH,
    TD,
    Link,
    Form,
    Toc,
    Toci,
    Span,
    /// An image that says something; its description is its `alt`.
    Figure,
}

impl Role {
    /// The structure type's name in PDF.
    pub fn name(self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::Sect => "Sect",
            Role::Heading(level) => match level {
                0 | 1 => "H1",
                2 => "H2",
                3 => "H3",
                4 => "H4",
                5 => "H5",
                _ => "H6",
            },
            Role::P => "P",
            Role::BlockQuote => "BlockQuote",
            Role::Code => "Code",
            Role::L => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::Table => "Table",
            Role::TR => "TR",
            Role::TH => "TH",
            Role::TD => "TD",
            Role::Link => "Link",
            Role::Form => "Form",
            Role::Toc => "TOC",
            Role::Toci => "TOCI",
            Role::Span => "Span",
            Role::Figure => "Figure",
        }
    }
}

/// One structure element.
#[derive(Debug, Clone, PartialEq)]
pub struct StructNode {
    pub role: Role,
    pub parent: Option<NodeId>,
    /// Child elements in reading order.
    pub children: Vec<NodeId>,
    /// A description for a reader where the element has no text of its
    /// own (a ticked box, an image).
    pub alt: Option<String>,
    /// The language of the element's text (BCP 47) where it is not the
    /// document's.
    pub lang: Option<String>,
}

/// The structure tree: element 0 is the document, and every element is
/// created after its parent, in reading order among its siblings.
#[derive(Debug, Clone, PartialEq)]
pub struct StructTree {
    nodes: Vec<StructNode>,
}

impl Default for StructTree {
    fn default() -> StructTree {
        StructTree {
            nodes: vec![StructNode {
                role: Role::Document,
                parent: None,
                children: Vec::new(),
                alt: None,
                lang: None,
            }],
        }
    }
}

impl StructTree {
    /// The document element, root of the tree.
    pub const ROOT: NodeId = NodeId(0);

    /// Adds an element as the last child of `parent`.
    pub fn add(&mut self, parent: NodeId, role: Role) -> NodeId {
        let id = NodeId(self.nodes.len() as u32);
        self.nodes.push(StructNode {
            role,
            parent: Some(parent),
            children: Vec::new(),
            alt: None,
            lang: None,
        });
        if let Some(parent) = self.nodes.get_mut(parent.0 as usize) {
            parent.children.push(id);
        }
        id
    }

    /// Sets the description a reader speaks for an element.
    pub fn set_alt(&mut self, node: NodeId, text: &str) {
        if let Some(node) = self.nodes.get_mut(node.0 as usize) {
            node.alt = Some(text.to_string());
        }
    }

    /// Sets the language of an element's text.
    pub fn set_lang(&mut self, node: NodeId, tag: &str) {
        if let Some(node) = self.nodes.get_mut(node.0 as usize) {
            node.lang = Some(tag.to_string());
        }
    }

    pub fn get(&self, node: NodeId) -> Option<&StructNode> {
        self.nodes.get(node.0 as usize)
    }

    /// Every element with its id, parents before children.
    pub fn nodes(&self) -> impl Iterator<Item = (NodeId, &StructNode)> {
        self.nodes
            .iter()
            .enumerate()
            .map(|(index, node)| (NodeId(index as u32), node))
    }

    /// Adds the elements of `part` below its root as children of this
    /// tree's root, after everything added so far, and returns how an id
    /// of `part` is numbered here.
    pub fn graft(&mut self, part: StructTree) -> impl Fn(NodeId) -> NodeId {
        let offset = self.nodes.len() as u32 - 1;
        let renumber = move |id: NodeId| match id {
            StructTree::ROOT => StructTree::ROOT,
            NodeId(index) => NodeId(index + offset),
        };
        self.nodes.reserve(part.nodes.len());
        let mut nodes = part.nodes.into_iter();
        if let Some(root) = nodes.next() {
            let children = root.children.into_iter().map(renumber);
            self.nodes[0].children.extend(children);
        }
        self.nodes.extend(nodes.map(|node| StructNode {
            parent: node.parent.map(renumber),
            children: node.children.into_iter().map(renumber).collect(),
            ..node
        }));
        renumber
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_keep_the_order_they_were_added_in() {
        let mut tree = StructTree::default();
        let section = tree.add(StructTree::ROOT, Role::Sect);
        let heading = tree.add(section, Role::Heading(1));
        let paragraph = tree.add(section, Role::P);
        assert_eq!(
            tree.get(section).map(|n| n.children.clone()),
            Some(vec![heading, paragraph])
        );
        assert_eq!(tree.get(paragraph).and_then(|n| n.parent), Some(section));
        assert_eq!(Role::Heading(9).name(), "H6");
    }

    #[test]
    fn a_grafted_part_is_numbered_as_if_added_in_place() {
        let build = |tree: &mut StructTree| {
            let section = tree.add(StructTree::ROOT, Role::Sect);
            let list = tree.add(section, Role::L);
            tree.add(list, Role::LI);
            tree.add(section, Role::P);
        };
        let mut whole = StructTree::default();
        whole.add(StructTree::ROOT, Role::Toc);
        build(&mut whole);
        build(&mut whole);

        let mut grafted = StructTree::default();
        grafted.add(StructTree::ROOT, Role::Toc);
        for _ in 0..2 {
            let mut part = StructTree::default();
            build(&mut part);
            let renumber = grafted.graft(part);
            assert_eq!(renumber(StructTree::ROOT), StructTree::ROOT);
        }
        assert_eq!(grafted, whole);
        let renumber = StructTree::default().graft(StructTree::default());
        assert_eq!(renumber(NodeId(3)), NodeId(3));
    }
}
