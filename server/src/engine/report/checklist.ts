/** One item of the non-code checklist: something outside the code that must speak TLS 1.2 to reach Dynamics 365 online. */
export interface ChecklistItem {
  /** Stable id: the report view remembers ticks per workspace under it. */
  id: string;
  title: string;
  detail: string;
}

/**
 * The non-code checklist from Microsoft's TLS 1.2 connectivity notes (KB 4051700 and the Dynamics 365 v9 requirement):
 * the clients, add-ins, tools and operating systems no code scan can see, for the user to tick off.
 */
export const NON_CODE_CHECKLIST: readonly ChecklistItem[] = [
  {
    id: 'browsers',
    title: 'Supported browsers',
    detail:
      'Use a supported browser (Microsoft Edge, Internet Explorer 11, the latest Firefox, Chrome or Safari); they all speak TLS 1.2 — unless TLS 1.2 was disabled in the browser, which loses the connection.',
  },
  {
    id: 'office',
    title: 'Microsoft Office 2010–2016 / Office 365',
    detail: 'Office 2010, 2013, 2016 and Office 365 are the supported versions; older Office cannot connect over TLS 1.2.',
  },
  {
    id: 'outlook',
    title: 'Dynamics 365 for Outlook 8.2.2.137 or later',
    detail: 'Install version 8.2.2.137 or later: it is required to connect Dynamics 365 for Outlook with Dynamics 365 (online) version 9.0.',
  },
  {
    id: 'usd',
    title: 'Unified Service Desk 3.1 or later',
    detail: "Versions 3.1, 3.2 and 3.3 are TLS 1.2 compliant; older versions need the client desktop's registry entries updated.",
  },
  {
    id: 'emailRouter',
    title: 'Email Router',
    detail: 'Update the Dynamics 365 Email Router to the version that supports Dynamics 365 (online) 9.x and Government 8.2.',
  },
  {
    id: 'reportAuthoring',
    title: 'Report Authoring extension',
    detail: 'Update the Dynamics 365 Report Authoring extension to the version that supports Dynamics 365 (online) 9.x and Government 8.2.',
  },
  {
    id: 'devTools',
    title: 'Developer tools from NuGet (Plugin Registration Tool, Configuration Migration Tool)',
    detail: 'Download the latest developer tools from NuGet; version 9.0 of the tools is required for Dynamics 365 (online) 9.0 and works with Government 8.2.',
  },
  {
    id: 'operatingSystems',
    title: 'Operating systems',
    detail:
      'Windows 8 / Server 2012 and later use TLS 1.2 by default; Windows 7 / Server 2008 R2 support it but need the SCHANNEL Protocols\\TLS 1.2\\Client keys (Enabled=1, DisabledByDefault=0).',
  },
];
