import { generate } from 'selfsigned';

/** A key and its self-signed certificate, PEM, kept in memory only. */
export interface TargetCertificate {
  key: string;
  cert: string;
}

/**
 * A fresh certificate for this run of the target, valid for 127.0.0.1, ::1 and localhost, for one day.
 * Node 20's crypto makes keys but not X.509 certificates, hence selfsigned. P-256 because an RSA key
 * would take far longer to generate at every start.
 */
export async function generateTargetCertificate(): Promise<TargetCertificate> {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + 24 * 3600_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
