import CLibXML2

/// One element of a small XML subtree (a GML feature), copied out of libxml2's DOM so that
/// the GML reader works on Swift values: its name, namespace, attributes, text and
/// children, and the line it starts on.
struct XMLElementNode {
    var name: String
    var namespace: String
    /// Attributes by local name (`id`, `srsName`, `href`, `nil`).
    var attributes: [String: String]
    /// The element's own text (its text children joined), surrounding spaces kept.
    var text: String
    var children: [XMLElementNode]
    var line: Int

    /// The first child with this local name.
    func child(_ name: String) -> XMLElementNode? { children.first { $0.name == name } }

    /// The children with this local name.
    func children(_ name: String) -> [XMLElementNode] { children.filter { $0.name == name } }

    /// Copies a libxml2 element and its descendants.
    init(_ node: xmlNodePtr) {
        name = node.pointee.name.map { String(cString: $0) } ?? ""
        namespace = node.pointee.ns?.pointee.href.map { String(cString: $0) } ?? ""
        line = Int(xmlGetLineNo(node))
        var attributes: [String: String] = [:]
        var attribute = node.pointee.properties
        while let a = attribute {
            if let key = a.pointee.name.map({ String(cString: $0) }) {
                // The attribute's text children (an attribute value is one text node).
                var value = ""
                var part = a.pointee.children
                while let p = part {
                    if let content = p.pointee.content { value += String(cString: content) }
                    part = p.pointee.next
                }
                attributes[key] = value
            }
            attribute = a.pointee.next
        }
        self.attributes = attributes
        var text = ""
        var children: [XMLElementNode] = []
        var child = node.pointee.children
        while let c = child {
            switch c.pointee.type {
            case XML_ELEMENT_NODE: children.append(XMLElementNode(c))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = c.pointee.content { text += String(cString: content) }
            default: break
            }
            child = c.pointee.next
        }
        self.text = text
        self.children = children
    }
}
