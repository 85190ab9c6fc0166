import { SyntaxNode, SyntaxTree } from '../parsing/parserPort';
import { namedChildrenOf, walk } from '../parsing/walk';
import { CodeFacts, emptyCodeFacts } from '../project/codeFacts';
import { FactsProvider } from '../rules/rule';

/** Dynamics client types that are Dynamics evidence by name alone. */
const CLIENT_TYPES = new Set(['CrmServiceClient', 'OrganizationServiceProxy', 'OrganizationWebProxyClient']);
/** Client types that are Dynamics evidence only with their Dynamics namespace (WCF proxies are often "ServiceClient"). */
const NAMESPACED_CLIENT_TYPES: Record<string, string[]> = {
  ServiceClient: ['Microsoft.PowerPlatform.Dataverse.Client'],
  CrmConnection: ['Microsoft.Xrm.Client', 'Microsoft.Xrm.Tooling.Connector'],
};

/** The `using` namespaces of a compilation unit (file-scoped and block namespaces alike). */
export function usingNamespaces(root: SyntaxNode): Set<string> {
  const out = new Set<string>();
  walk(root, (n) => {
    if (n.type === 'using_directive') {
      const name = namedChildrenOf(n).find((c) => c.type === 'qualified_name' || c.type === 'identifier');
      if (name) {
        out.add(name.text);
      }
      return false;
    }
    return n.type === 'compilation_unit' || n.type === 'namespace_declaration' || n.type === 'file_scoped_namespace_declaration' || n.type === 'declaration_list';
  });
  return out;
}

/** The last segment and the qualifier of a (possibly qualified or generic) type name. */
export function splitTypeName(text: string): { name: string; qualifier: string } {
  const clean = text.replace(/<.*>$/s, '').replace(/^global::/, '').trim();
  const i = clean.lastIndexOf('.');
  return i < 0 ? { name: clean, qualifier: '' } : { name: clean.slice(i + 1), qualifier: clean.slice(0, i) };
}

/** True when a type written as `text` is the Dynamics client it names, given the file's usings. */
export function isDynamicsClientType(text: string, usings: ReadonlySet<string>): boolean {
  const { name, qualifier } = splitTypeName(text);
  if (CLIENT_TYPES.has(name)) {
    return true;
  }
  const namespaces = NAMESPACED_CLIENT_TYPES[name];
  if (!namespaces) {
    return false;
  }
  return qualifier ? namespaces.includes(qualifier) : namespaces.some((ns) => usings.has(ns));
}

function baseTypes(classNode: SyntaxNode): string[] {
  const list = namedChildrenOf(classNode).find((c) => c.type === 'base_list');
  return list ? namedChildrenOf(list).map((c) => c.text) : [];
}

/** The type name of an object creation (`new T(…)`), or of the declared type for target-typed `new(…)`. */
export function createdTypeName(node: SyntaxNode): string | undefined {
  if (node.type === 'object_creation_expression') {
    return node.childForFieldName('type')?.text;
  }
  if (node.type === 'implicit_object_creation_expression') {
    const declarator = node.parent;
    const declaration = declarator?.parent;
    if (declarator?.type === 'variable_declarator' && declaration?.type === 'variable_declaration') {
      return declaration.childForFieldName('type')?.text;
    }
  }
  return undefined;
}

/** Extracts plug-in/workflow classes, cmdlet classes and Dynamics client creations from a C# file. */
export function extractCsharpFacts(path: string, _text: string, tree: SyntaxTree): CodeFacts {
  const facts = emptyCodeFacts();
  const root = tree.rootNode;
  const usings = usingNamespaces(root);
  const hasXrm = usings.has('Microsoft.Xrm.Sdk');
  const hasWorkflow = usings.has('Microsoft.Xrm.Sdk.Workflow') || usings.has('System.Activities');
  const hasAutomation = usings.has('System.Management.Automation');
  walk(root, (n) => {
    if (n.type === 'class_declaration') {
      const name = n.childForFieldName('name')?.text ?? '';
      for (const base of baseTypes(n)) {
        const { name: baseName, qualifier } = splitTypeName(base);
        const ev = { path, start: n.startIndex, end: n.childForFieldName('name')?.endIndex ?? n.startIndex, description: `class ${name} : ${base}` };
        if (baseName === 'IPlugin' && (qualifier === 'Microsoft.Xrm.Sdk' || (!qualifier && hasXrm))) {
          facts.pluginClasses.push(ev);
        } else if (baseName === 'CodeActivity' && (qualifier === 'System.Activities' || (!qualifier && hasWorkflow))) {
          facts.pluginClasses.push(ev);
        } else if ((baseName === 'Cmdlet' || baseName === 'PSCmdlet') && (qualifier === 'System.Management.Automation' || (!qualifier && hasAutomation))) {
          facts.cmdletClasses.push(ev);
        }
      }
    } else if (n.type === 'object_creation_expression' || n.type === 'implicit_object_creation_expression') {
      const type = createdTypeName(n);
      if (type && isDynamicsClientType(type, usings)) {
        facts.dynamicsClients.push({ path, start: n.startIndex, end: n.endIndex, description: `new ${splitTypeName(type).name}(…)` });
      }
    }
  });
  return facts;
}

/** The C# facts provider: only files that mention one of these tokens are parsed during a workspace scan. */
export const csharpFactsProvider: FactsProvider = {
  kinds: ['csharp'],
  triggerTokens: ['IPlugin', 'CodeActivity', 'Cmdlet', 'CrmServiceClient', 'ServiceClient', 'OrganizationServiceProxy', 'OrganizationWebProxyClient', 'CrmConnection', 'SecurityProtocol', 'SslProtocols', 'SetSwitch'],
  extract: extractCsharpFacts,
};
