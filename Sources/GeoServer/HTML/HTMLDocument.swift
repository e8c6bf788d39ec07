import GeoCore

/// An HTML page of the service: plain, accessible markup (a language, a title, landmarks,
/// labelled form fields, high-contrast colours) with no script or style from elsewhere.
struct HTMLDocument {
    private(set) var body = ""

    /// Text with `&`, `<`, `>`, `"` and `'` escaped.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    mutating func raw(_ html: String) { body += html }
    mutating func text(_ text: String) { body += Self.escape(text) }
    mutating func element(_ name: String, _ text: String, attributes: String = "") {
        body += "<\(name)\(attributes.isEmpty ? "" : " " + attributes)>\(Self.escape(text))</\(name)>"
    }
    mutating func link(_ href: String, _ text: String) {
        body += "<a href=\"\(Self.escape(href))\">\(Self.escape(text))</a>"
    }

    /// A table of name/value rows.
    mutating func propertyTable(_ rows: [(String, String)], caption: String) {
        raw("<table><caption>\(Self.escape(caption))</caption><tbody>")
        for (name, value) in rows {
            raw("<tr><th scope=\"row\">\(Self.escape(name))</th><td>\(Self.escape(value))</td></tr>")
        }
        raw("</tbody></table>")
    }

    /// The whole page.
    func response(title: String, breadcrumbs: [(String, String)], service: FeatureService, request: ServiceRequest,
                  jsonHref: String?, status: Int = 200, headers: [ServiceResponse.Header] = []) -> ServiceResponse {
        var page = """
        <!DOCTYPE html>
        <html lang="\(Self.escape(service.configuration.language))">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Self.escape(title)) – \(Self.escape(service.configuration.title))</title>
        <style>\(Self.style)</style></head>
        <body><header><nav aria-label="Breadcrumbs"><ol>
        """
        for (index, crumb) in breadcrumbs.enumerated() {
            if index == breadcrumbs.count - 1 {
                page += "<li aria-current=\"page\">\(Self.escape(crumb.0))</li>"
            } else {
                page += "<li><a href=\"\(Self.escape(request.baseURL + crumb.1))\">\(Self.escape(crumb.0))</a></li>"
            }
        }
        page += "</ol></nav>"
        if let jsonHref { page += "<p class=\"formats\">Also as <a href=\"\(Self.escape(jsonHref))\">JSON</a></p>" }
        page += "</header><main><h1>\(Self.escape(title))</h1>\n\(body)\n</main><footer><p>Served by GeoKit – OGC API – Features</p></footer></body></html>\n"
        return ServiceResponse(status: status, contentType: MediaType.html, body: Array(page.utf8), headers: headers)
    }

    static let style = """
    body{font-family:system-ui,sans-serif;margin:0 auto;max-width:72rem;padding:0 1rem;color:#111;background:#fff;line-height:1.5}
    a{color:#0645ad}a:focus,button:focus,input:focus{outline:3px solid #f90;outline-offset:2px}
    nav ol{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem}nav li+li:before{content:"/ ";color:#555}
    table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top}
    caption{text-align:left;font-weight:bold}.formats{font-size:.9rem}
    svg.map{width:100%;max-width:48rem;height:auto;border:1px solid #555;background:#eef3f7}
    label{display:block;margin-top:.5rem}input{font-size:1rem;padding:.25rem}button{font-size:1rem;padding:.4rem .8rem;margin-top:.75rem}
    """
}
