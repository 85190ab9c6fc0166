/**
 * One connection error the explainer recognises: the phrases that identify it (matched on a normalised line: case,
 * whitespace runs, typographic apostrophes and escaped line breaks do not matter), what usually causes it when a client
 * talks to Dynamics 365 / Dataverse, the checks that would confirm it (with the rule ids that find it in code), the fix.
 */
export interface ErrorSignature {
  /** Stable id, printed in JSON and used as the diagnostic code. */
  id: string;
  /** A short name for headings. */
  title: string;
  /** Phrases (lower-case regular expression sources) that identify the error; localised .NET messages included. */
  phrases: readonly string[];
  /**
   * Phrases that only count when another line of the same error sits close before them: the second line of a browser
   * page, a generic PowerShell null-call after `Get-CrmConnection`. `pattern` is a lower-case regular expression source.
   */
  context?: { phrases: readonly string[]; pattern: string; linesBefore: number };
  /**
   * Phrases of the same message's later lines: reported on their own, but not again when one of `phrases` matched
   * within `linesBefore` lines above (the browser page's second sentence under its heading).
   */
  continuation?: { phrases: readonly string[]; linesBefore: number };
  cause: string;
  checks: readonly string[];
  /** Rule ids whose findings in code explain this error (the checks name them too). */
  rules: readonly string[];
  fix: string;
}

const NET_CLIENT_RULES = ['TLS001', 'TLS013', 'TLS010', 'TLS020', 'TLS023', 'TLS027', 'TLS030', 'TLS040'] as const;

const NET_CHECKS: readonly string[] = [
  'The application\'s target framework: below 4.6.2 a .NET Framework client offers only SSL 3.0/TLS 1.0 by default (TLS001; for ASP.NET the web.config httpRuntime targetFramework, TLS013).',
  'Code or config that sets the protocols: a SecurityProtocol without Tls12 (TLS020), SystemDefault below 4.7 (TLS023), DontEnableSchUseStrongCrypto=true (TLS010).',
  'The order: TLS 1.2 enabled after the Dynamics client is created or the script connects (TLS026, TLS027, TLS030, TLS032).',
  'The machine: `tls-readiness machine` on a registry export (SchUseStrongCrypto, SystemDefaultTlsVersions, the SCHANNEL TLS 1.2 client keys; TLS040 in .reg files).',
];

const NET_FIX =
  'Rebuild the client for .NET Framework 4.6.2 or later (4.7.2+ lets Windows choose the protocol); if it cannot be rebuilt, set SchUseStrongCrypto=1 and SystemDefaultTlsVersions=1 under both .NETFramework\\v4.0.30319 keys (64-bit and Wow6432Node) on the machine. In PowerShell, add [Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12 before Get-CrmConnection.';

/** The table of recognised errors, most specific first (one line reports at most one signature: the first that matches). */
export const SIGNATURES: readonly ErrorSignature[] = [
  {
    id: 'crm-token-request',
    title: 'CrmServiceClient: ERROR REQUESTING Token FROM THE Authentication context',
    phrases: ['error requesting token from the authentication context'],
    cause:
      'The Dynamics connector (Microsoft.Xrm.Tooling.Connector CrmServiceClient) could not get a token: its first HTTPS request to the authority failed, typically because the process offered TLS 1.0 only and the service closed the connection (the inner exceptions then show a null response or a closed connection).',
    checks: [
      'The inner exceptions below this line: "The underlying connection was closed", "forcibly closed by the remote host" or a null HttpWebResponse confirm a TLS failure rather than bad credentials.',
      ...NET_CHECKS,
    ],
    rules: [...NET_CLIENT_RULES, 'TLS004', 'TLS026'],
    fix: `${NET_FIX} Update Microsoft.CrmSdk.XrmTooling.CoreAssembly to 9.1 or later (net462; TLS004).`,
  },
  {
    id: 'underlying-connection-send',
    title: 'The underlying connection was closed: An unexpected error occurred on a send',
    phrases: [
      'the underlying connection was closed: an unexpected error occurred on a send',
      'die zugrunde liegende verbindung wurde geschlossen: unerwarteter fehler beim senden',
      'la connexion sous-jacente a été fermée : une erreur inattendue s\'est produite lors d\'un envoi',
    ],
    cause:
      'HttpWebRequest (WebClient, WCF, the Dynamics SDK) sent its TLS ClientHello and the server hung up: the client offered no protocol the server accepts — a .NET Framework app or Windows PowerShell 5.1 offering TLS 1.0/1.1 to Dynamics 365 online, which requires TLS 1.2.',
    checks: ['An inner exception "An existing connection was forcibly closed by the remote host" or "Authentication failed because the remote party has closed the transport stream" confirms the handshake was refused.', ...NET_CHECKS],
    rules: [...NET_CLIENT_RULES, 'TLS026', 'TLS031', 'TLS032'],
    fix: NET_FIX,
  },
  {
    id: 'secure-channel',
    title: 'Could not create SSL/TLS secure channel',
    phrases: [
      'could not create ssl/tls secure channel',
      'could not establish secure channel for ssl/tls',
      'es konnte kein geschützter ssl/tls-kanal erstellt werden',
      'impossible de créer un canal sécurisé ssl/tls',
    ],
    cause:
      'The TLS handshake failed before any data was sent: client and server share no protocol version or cipher suite (a client limited to TLS 1.0/1.1, TLS 1.2 disabled for the client in SCHANNEL, or a cipher-suite policy that removes the suites Dataverse accepts), or the client certificate could not be used.',
    checks: [
      ...NET_CHECKS,
      'The SCHANNEL event log (System, source Schannel) on the client: event 36874/36888 name the protocol or alert.',
    ],
    rules: [...NET_CLIENT_RULES, 'TLS011', 'TLS041'],
    fix: `${NET_FIX} Check that the machine's cipher-suite order (group policy "SSL Cipher Suite Order") still holds an ECDHE AES-GCM suite.`,
  },
  {
    id: 'transport-stream-closed',
    title: 'Authentication failed because the remote party has closed the transport stream',
    phrases: ['authentication failed because the remote party has closed the transport stream', 'received an unexpected eof or 0 bytes from the transport stream'],
    cause:
      'SslStream.AuthenticateAsClient sent a ClientHello and the server closed the connection without an answer — the server (Dynamics 365 online) rejected the offered TLS version, typically TLS 1.0 from a .NET Framework 4.5.2-or-earlier client or from SslProtocols.Default.',
    checks: ['Code that passes SslProtocols to AuthenticateAsClient (TLS024 for deprecated values, TLS023 for None below 4.7).', ...NET_CHECKS],
    rules: [...NET_CLIENT_RULES, 'TLS024'],
    fix: `${NET_FIX} Call AuthenticateAsClient without an SslProtocols argument (or SslProtocols.None on 4.7+).`,
  },
  {
    id: 'no-common-algorithm',
    title: 'The client and server cannot communicate, because they do not possess a common algorithm',
    phrases: [
      'the client and server cannot communicate, because they do not possess a common algorithm',
      'sec_e_algorithm_mismatch',
      '0x80090331',
      '-2146893007',
      'der client und der server können nicht kommunizieren, da sie keinen gemeinsamen algorithmus besitzen',
    ],
    cause:
      'SCHANNEL error SEC_E_ALGORITHM_MISMATCH (0x80090331): the client offered no protocol version or cipher suite the server accepts — TLS 1.2 disabled on the client (SCHANNEL TLS 1.2\\Client Enabled=0 or DisabledByDefault=1 with a SystemDefault app), a client pinned to TLS 1.0/1.1 (SslProtocols/SecurityProtocol), or a cipher-suite order without the ECDHE AES suites Dataverse requires.',
    checks: [
      'The machine: `tls-readiness machine` on an export of SCHANNEL\\Protocols and the cipher-suite policy (HKLM\\SOFTWARE\\Policies\\Microsoft\\Cryptography\\Configuration\\SSL\\00010002).',
      'A .reg file that disables TLS 1.2 for the client (TLS040) or a protocol set that pins old versions (TLS020, TLS024, TLS011).',
    ],
    rules: ['TLS040', 'TLS041', 'TLS020', 'TLS024', 'TLS011'],
    fix: 'Enable TLS 1.2 for the client (SCHANNEL\\Protocols\\TLS 1.2\\Client: Enabled=1, DisabledByDefault=0), put TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 / _128_GCM_SHA256 back into the cipher-suite order, and stop pinning TLS 1.0/1.1 in code.',
  },
  {
    id: 'sspi-failed',
    title: 'A call to SSPI failed',
    phrases: ['a call to sspi failed', 'fehler beim aufruf von sspi', 'un appel à sspi a échoué'],
    cause:
      'Windows\' TLS provider (SCHANNEL, reached through SSPI) failed the handshake; the inner exception names why — most often "The client and server cannot communicate, because they do not possess a common algorithm" (no shared TLS version or suite) or "The message received was unexpected or badly formatted".',
    checks: ['The inner Win32Exception text and code (0x80090331 is a protocol/cipher mismatch, 0x80090326 a malformed or refused handshake).', ...NET_CHECKS],
    rules: [...NET_CLIENT_RULES, 'TLS024'],
    fix: `${NET_FIX} If the inner error is an algorithm mismatch, enable TLS 1.2 in SCHANNEL for the client.`,
  },
  {
    id: 'forcibly-closed',
    title: 'An existing connection was forcibly closed by the remote host',
    phrases: [
      'an existing connection was forcibly closed by the remote host',
      'eine vorhandene verbindung wurde vom remotehost geschlossen',
      'une connexion existante a dû être fermée par l\'hôte distant',
    ],
    cause:
      'The server reset the TCP connection (WSAECONNRESET 10054). During a TLS handshake (a stack trace through SslState, SslStream or HttpWebRequest, or an outer "underlying connection was closed") it means the server refused the TLS version the client offered — Dynamics 365 online resets clients that offer only TLS 1.0/1.1.',
    checks: ['The stack trace: frames in System.Net.Security.SslState / SslStream.AuthenticateAsClient put the reset in the handshake; a reset later in a long-running call is a network or proxy problem instead.', ...NET_CHECKS],
    rules: [...NET_CLIENT_RULES, 'TLS026', 'TLS031', 'TLS032'],
    fix: NET_FIX,
  },
  {
    id: 'crm-connection-not-ready',
    title: 'Get-CrmConnection returned a null or not-ready connection',
    phrases: [
      'get-crmconnection\\s*:.*(unable to login|failed to connect|connection is not ready)',
      'unable to login to dynamics crm',
      'crmserviceclient.*(is ?ready\\s*[:=]\\s*false|not ready)',
    ],
    context: {
      phrases: ['you cannot call a method on a null-valued expression', '^\\s*isready\\s*:\\s*false\\b'],
      pattern: 'get-crmconnection|crmserviceclient|connect-crm',
      linesBefore: 12,
    },
    cause:
      'Get-CrmConnection (Microsoft.Xrm.Tooling.CrmConnector.PowerShell) could not log in and returned a CrmServiceClient that is not ready (or $null): in Windows PowerShell 5.1 the process offers SSL 3.0/TLS 1.0 unless the script enables TLS 1.2 before connecting, and Dynamics 365 online refuses that.',
    checks: [
      'The connection\'s LastCrmError / LastCrmException: a closed connection or a token error confirms TLS.',
      'The script: a Get-CrmConnection with no TLS 1.2 set before it (TLS030), a SecurityProtocol without Tls12 (TLS031), TLS 1.2 set only after the connection (TLS032).',
      'The machine: without SchUseStrongCrypto=1 in both hives, Windows PowerShell 5.1 offers TLS 1.0 (`tls-readiness machine`).',
    ],
    rules: ['TLS030', 'TLS031', 'TLS032', 'TLS033', 'TLS040'],
    fix: 'Put [Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12 before the first Get-CrmConnection (the quick fix on TLS030 inserts it), or set SchUseStrongCrypto=1 under both .NETFramework\\v4.0.30319 keys on the machine.',
  },
  {
    id: 'browser-tls',
    title: 'Browser: Can\'t connect securely to this page',
    phrases: ["can't connect securely to this page", 'err_ssl_version_or_cipher_mismatch', 'ssl_error_unsupported_version', 'ssl_error_no_cypher_overlap'],
    continuation: { phrases: ['the site uses outdated or unsafe tls security settings'], linesBefore: 3 },
    cause:
      'The browser and the site found no common TLS version or cipher suite: a browser that relies on Windows\' TLS (Internet Explorer, the legacy Edge, embedded web views) on a machine where TLS 1.2 is turned off in Internet Options or in SCHANNEL, or on Windows 7 / Server 2008 R2 without the TLS 1.2 client keys.',
    checks: [
      'Internet Options → Advanced → "Use TLS 1.2" (value SecureProtocols under HKCU/HKLM ...\\Internet Settings).',
      'The machine: `tls-readiness machine` on a registry export (Windows version, SCHANNEL TLS 1.2 client keys, cipher-suite policy); a .reg file that disables TLS 1.2 (TLS040).',
    ],
    rules: ['TLS040'],
    fix: 'Use a current Edge, Chrome or Firefox (they carry their own TLS 1.2), or turn TLS 1.2 on in Internet Options and in SCHANNEL (TLS 1.2\\Client Enabled=1, DisabledByDefault=0).',
  },
];

/** The signature with this id, or undefined. */
export function signatureById(id: string): ErrorSignature | undefined {
  return SIGNATURES.find((s) => s.id === id);
}
