/** `SecurityProtocolType.Tls12`'s bit (3072), the one Dynamics 365 online needs. */
const TLS12_BIT = 3072;

/** Whether Dynamics 365 online accepts a process whose protocol set is `set`: one wording for every language's hover. */
export function dynamicsVerdict(set: number): string {
  if (set === 0) {
    return 'the OS chooses: accepted where the OS offers TLS 1.2 (Windows 8 / Server 2012 and later by default)';
  }
  return (set & TLS12_BIT) !== 0 ? 'accepted (TLS 1.2 is offered)' : 'refused: no TLS 1.2 is offered';
}
