import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The rules the Jenkins xunit-plugin's junit-10 schema enforces, checked on a document:
/// which elements may hold which, the required and allowed attributes, `time` as Surefire
/// writes it, and counts that agree with the test cases. Returns the broken rules (empty:
/// the document is accepted).
public func junitViolations(_ xml: String) -> [String] {
    final class Checker: NSObject, XMLParserDelegate {
        struct Element { let name: String; let attributes: [String: String]; var cases = 0, failures = 0, errors = 0 }
        var stack: [Element] = []
        var problems: [String] = []

        static let children: [String: Set<String>] = [
            "testsuites": ["testsuite"],
            "testsuite": ["testsuite", "properties", "testcase", "system-out", "system-err"],
            "testcase": ["skipped", "error", "failure", "rerunFailure", "rerunError", "flakyFailure", "flakyError", "system-out", "system-err"],
            "properties": ["property"],
        ]
        static let required: [String: Set<String>] = [
            "testsuite": ["name", "tests", "failures", "errors"], "testcase": ["name"], "property": ["name", "value"],
        ]
        static let allowed: [String: Set<String>] = [
            "testsuites": ["name", "time", "tests", "failures", "errors"],
            "testsuite": ["name", "tests", "failures", "errors", "group", "time", "skipped", "timestamp", "hostname", "id",
                          "package", "file", "log", "url"],
            "testcase": ["name", "time", "classname", "group"],
            "property": ["name", "value"], "failure": ["type", "message"], "error": ["type", "message"], "skipped": ["type", "message"],
        ]

        static func isSurefireTime(_ text: String) -> Bool {
            text.range(of: #"^(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?$"#, options: .regularExpression) != nil
        }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            if let parent = stack.last {
                if let allowedChildren = Self.children[parent.name], !allowedChildren.contains(name) {
                    problems.append("<\(name)> may not stand inside <\(parent.name)>")
                } else if Self.children[parent.name] == nil {
                    problems.append("<\(parent.name)> holds text only, not <\(name)>")
                }
            } else if name != "testsuites" && name != "testsuite" {
                problems.append("the root is <\(name)>")
            }
            for attribute in Self.required[name] ?? [] where attributes[attribute] == nil {
                problems.append("<\(name)> lacks the required \(attribute)=")
            }
            if let allowedAttributes = Self.allowed[name] {
                for attribute in attributes.keys.sorted() where !allowedAttributes.contains(attribute) {
                    problems.append("<\(name)> may not have \(attribute)=")
                }
            }
            if ["testsuite", "testsuites"].contains(name), let time = attributes["time"], !Self.isSurefireTime(time) {
                problems.append("<\(name) time=\"\(time)\"> is not a Surefire time")
            }
            if name == "testcase", let suite = stack.indices.last { stack[suite].cases += 1 }
            if name == "failure" || name == "error", stack.last?.name == "testcase", stack.count >= 2 {
                if name == "failure" { stack[stack.count - 2].failures += 1 } else { stack[stack.count - 2].errors += 1 }
            }
            stack.append(Element(name: name, attributes: attributes))
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            let element = stack.removeLast()
            guard element.name == "testsuite" else { return }
            for (attribute, count) in [("tests", element.cases), ("failures", element.failures), ("errors", element.errors)]
            where element.attributes[attribute].flatMap(Int.init) != count {
                problems.append("<testsuite \(attribute)=\"\(element.attributes[attribute] ?? "")\"> but it holds \(count)")
            }
        }
    }
    let checker = Checker()
    let parser = XMLParser(data: Data(xml.utf8))
    parser.delegate = checker
    parser.shouldResolveExternalEntities = false
    if !parser.parse() { return ["not well-formed XML: \(parser.parserError.map(String.init(describing:)) ?? "")"] }
    return checker.problems
}
