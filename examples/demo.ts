// The main job: encode ops through the WASM core, show their bytes and decoded form.
import { loadCore } from '../ts/core/load-node.ts';
import { SqeEncoder } from '../ts/sqe/encoder.ts';
import { IOSQE } from '../ts/constants.ts';

const enc = new SqeEncoder(loadCore());

function show(title: string, bytes: Uint8Array): void {
  const d = enc.decode(bytes);
  console.log(`\n${title}`);
  console.log(`  ${d.text}`);
  for (let i = 0; i < bytes.length; i += 16) {
    const row = Array.from(bytes.subarray(i, i + 16), (b) => b.toString(16).padStart(2, '0')).join(' ');
    console.log(`  ${i.toString().padStart(3)}: ${row}`);
  }
}

show('read 4 KiB at offset 0 of fd 3', enc.op.read({ fd: 3, buf: 0x7f0000001000, nbytes: 4096, offset: 0, userData: 1 }));
show('linked write at the file position', enc.op.write({ fd: 4, buf: 0x7f0000002000, nbytes: 512, offset: -1, userData: 2, flags: IOSQE.IO_LINK }));
show('nop', enc.op.nop({ userData: 0xdeadbeefcafef00dn }));
