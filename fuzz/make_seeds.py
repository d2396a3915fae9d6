#!/usr/bin/env python3
"""Builds the seed corpora of the fuzz targets from the project's test data.

usage: make_seeds.py REPO_ROOT OUT_DIR   (writes OUT_DIR/<target>/<file>; idempotent)

sip_parser:   RFC 4475 / RFC 5118 torture messages, the SIP payloads of the real captures and of
              fuzz/seeds/sim.pcap (simulator output: SIPp-like calls, Mr.SIP and mimic floods),
              and runs of 16 of those payloads joined by four NULs (message streams).
decoder:      runs of frames from the same captures in decoder_fuzz.cc's input layout, plus
              hand-made IPv4/IPv6 fragment sequences.
pcap_file:    the first frames of each capture as a small classic pcap, the pcapng fixture.
csv_reader:   fuzz/seeds/sim.csv and variants (CRLF rows, quoted fields, missing/extra columns).
model_loader: models/*.safetensors and tiny RNN/LSTM/GRU models with 1 and 2 layers.
"""
import glob
import hashlib
import json
import os
import struct
import sys

# Index of each DLT in decoder_fuzz.cc's kLinkTypes.
LINK_INDEX = {0: 0, 1: 1, 12: 2, 14: 3, 101: 4, 108: 5, 113: 6, 228: 7, 229: 8, 276: 9}


def read_capture(path):
    """Returns (linktype, [frame bytes]) of a classic pcap or a simple pcapng file."""
    b = open(path, 'rb').read()
    magic = b[:4]
    frames = []
    if magic in (b'\xd4\xc3\xb2\xa1', b'\x4d\x3c\xb2\xa1'):
        e = '<'
    elif magic in (b'\xa1\xb2\xc3\xd4', b'\xa1\xb2\x3c\x4d'):
        e = '>'
    elif magic == b'\x0a\x0d\x0d\x0a':
        link = 1
        pos = 0
        e = '<' if b[8:12] == b'\x4d\x3c\x2b\x1a' else '>'
        while pos + 12 <= len(b):
            btype, blen = struct.unpack(e + 'II', b[pos:pos + 8])
            if blen < 12:
                break
            body = b[pos + 8:pos + blen - 4]
            if btype == 1:
                link = struct.unpack(e + 'H', body[:2])[0]
            elif btype == 6:
                caplen = struct.unpack(e + 'I', body[12:16])[0]
                frames.append(body[20:20 + caplen])
            pos += blen
        return link, frames
    else:
        return None, []
    link = struct.unpack(e + 'I', b[20:24])[0] & 0xffff
    pos = 24
    while pos + 16 <= len(b):
        caplen = struct.unpack(e + 'I', b[pos + 8:pos + 12])[0]
        frames.append(b[pos + 16:pos + 16 + caplen])
        pos += 16 + caplen
    return link, frames


def write_pcap(path, link, frames):
    out = [struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 262144, link)]
    for i, f in enumerate(frames):
        out.append(struct.pack('<IIII', 1700000000 + i, i * 1000, len(f), len(f)))
        out.append(f)
    open(path, 'wb').write(b''.join(out))


def udp_payload(link, frame):
    """The UDP payload of an Ethernet / SLL / raw IPv4 or IPv6 frame, else None."""
    if link == 1:
        off, etype = 14, struct.unpack('>H', frame[12:14])[0] if len(frame) >= 14 else 0
        while etype == 0x8100 and len(frame) >= off + 4:
            etype = struct.unpack('>H', frame[off + 2:off + 4])[0]
            off += 4
    elif link == 113:
        off, etype = 16, struct.unpack('>H', frame[14:16])[0] if len(frame) >= 16 else 0
    elif link == 276:
        off, etype = 20, struct.unpack('>H', frame[0:2])[0] if len(frame) >= 20 else 0
    elif link in (12, 14, 101, 228, 229):
        off, etype = 0, 0x0800 if frame[:1] and frame[0] >> 4 == 4 else 0x86dd
    else:
        return None
    ip = frame[off:]
    if etype == 0x0800 and len(ip) >= 20 and ip[9] == 17:
        ihl = (ip[0] & 15) * 4
        if struct.unpack('>H', ip[6:8])[0] & 0x3fff:
            return None  # a fragment
        return ip[ihl + 8:]
    if etype == 0x86dd and len(ip) >= 48 and ip[6] == 17:
        return ip[48:]
    return None


def put(d, data, name=None):
    os.makedirs(d, exist_ok=True)
    name = name or hashlib.sha1(data).hexdigest()[:16]
    open(os.path.join(d, name), 'wb').write(data)


def decoder_input(link, frames):
    out = bytearray([LINK_INDEX.get(link, 10)])
    for f in frames:
        f = f[:65535]
        out += struct.pack('>H', len(f)) + f
    return bytes(out)


def ipv4_fragments(payload, frag, ident):
    """Raw IPv4 frames carrying one UDP datagram in pieces of `frag` bytes (reversed order)."""
    udp = struct.pack('>HHHH', 5060, 5060, 8 + len(payload), 0) + payload
    pieces = []
    for off in range(0, len(udp), frag):
        chunk = udp[off:off + frag]
        more = 0x2000 if off + frag < len(udp) else 0
        hdr = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 20 + len(chunk), ident, more | (off // 8), 64,
                          17, 0, bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))
        pieces.append(hdr + chunk)
    return pieces[::-1]


def ipv6_fragments(payload, frag, ident):
    udp = struct.pack('>HHHH', 5060, 5060, 8 + len(payload), 0) + payload
    pieces = []
    src = bytes([0x20, 0x01, 0x0d, 0xb8] + [0] * 11 + [1])
    dst = bytes([0x20, 0x01, 0x0d, 0xb8] + [0] * 11 + [2])
    for off in range(0, len(udp), frag):
        chunk = udp[off:off + frag]
        more = 1 if off + frag < len(udp) else 0
        fh = struct.pack('>BBHI', 17, 0, off | more, ident)
        hdr = struct.pack('>IHBB16s16s', 0x60000000, len(fh) + len(chunk), 44, 64, src, dst)
        pieces.append(hdr + fh + chunk)
    return pieces


def tiny_model(cell, layers, inp=3, hidden=2, window=4):
    gates = {'rnn': 1, 'lstm': 4, 'gru': 3}[cell]
    tensors = {}
    for l in range(layers):
        i = inp if l == 0 else hidden
        tensors['rnn.weight_ih_l%d' % l] = [gates * hidden, i]
        tensors['rnn.weight_hh_l%d' % l] = [gates * hidden, hidden]
        tensors['rnn.bias_ih_l%d' % l] = [gates * hidden]
        tensors['rnn.bias_hh_l%d' % l] = [gates * hidden]
    tensors['fc.weight'] = [1, hidden]
    tensors['fc.bias'] = [1]
    meta = {'format': 'sipddos-model', 'version': '1', 'model': cell, 'input_size': str(inp),
            'hidden_size': str(hidden), 'num_layers': str(layers), 'feature_set': 'full',
            'feature_schema': '1', 'window': str(window), 'step': '2', 'min_malicious': '2',
            'threshold': '0.5', 'norm_mean': json.dumps([0.5] * inp),
            'norm_std': json.dumps([2.0] * inp)}
    header = {'__metadata__': meta}
    data = b''
    k = 0
    for name in sorted(tensors):
        shape = tensors[name]
        n = 1
        for s in shape:
            n *= s
        vals = [((k + j) % 7 - 3) / 10.0 for j in range(n)]
        k += n
        header[name] = {'dtype': 'F32', 'shape': shape,
                        'data_offsets': [len(data), len(data) + 4 * n]}
        data += struct.pack('<%df' % n, *vals)
    h = json.dumps(header, separators=(',', ':')).encode()
    h += b' ' * (-len(h) % 8)
    return struct.pack('<Q', len(h)) + h + data


def main():
    root, out = sys.argv[1], sys.argv[2]
    seeds = os.path.join(root, 'fuzz', 'seeds')
    captures = sorted(glob.glob(os.path.join(root, 'testdata', 'real-sip', '*.pcap')))
    captures += [os.path.join(root, 'testdata', 'pcap', 'sll2-v4-v6-frag.pcapng'),
                 os.path.join(seeds, 'sim.pcap')]

    # sip_parser
    d = os.path.join(out, 'sip_parser')
    for f in glob.glob(os.path.join(root, 'testdata', 'rfc4475', '*.dat')) + \
            [f for f in glob.glob(os.path.join(root, 'testdata', 'rfc5118', '*'))
             if not os.path.basename(f).startswith('.')]:
        put(d, open(f, 'rb').read())
    payloads = []
    for c in captures:
        link, frames = read_capture(c)
        for fr in frames:
            p = udp_payload(link, fr)
            if p and (p[:3] == b'SIP' or p[:1].isalpha()) and b'SIP/2.0' in p[:200]:
                payloads.append(p)
    seen = set()
    for p in payloads:
        key = p.split(b'\n', 1)[0][:24]  # a few of each kind of message, not every copy
        seen_count = sum(1 for s in seen if s[0] == key)
        if seen_count < 6:
            seen.add((key, len(seen)))
            put(d, p)
    # Message streams for the encoder half of sip_parser_fuzz.cc: the SIP payloads of each
    # capture in order, joined by its separator (four NULs), 16 at a time.
    for c in captures:
        link, frames = read_capture(c)
        sip = [p for p in (udp_payload(link, fr) for fr in frames)
               if p and b'SIP/2.0' in p[:200]]
        for i in range(0, min(len(sip), 64), 16):
            put(d, b'\0\0\0\0'.join(sip[i:i + 16]))

    # decoder
    d = os.path.join(out, 'decoder')
    for c in captures:
        link, frames = read_capture(c)
        for i in range(0, min(len(frames), 64), 8):
            put(d, decoder_input(link, frames[i:i + 8]))
    invite = payloads[0] if payloads else b'INVITE sip:a@b SIP/2.0\r\n\r\n'
    big = invite * 3
    put(d, decoder_input(12, ipv4_fragments(big, 512, 7)), 'ipv4-frag')
    put(d, decoder_input(229, ipv6_fragments(big, 504, 9)), 'ipv6-frag')
    put(d, decoder_input(12, ipv4_fragments(invite, 64, 3) + ipv4_fragments(invite, 64, 4)),
        'ipv4-frag-interleaved')

    # pcap_file
    d = os.path.join(out, 'pcap_file')
    for c in captures:
        link, frames = read_capture(c)
        if c.endswith('.pcapng'):
            put(d, open(c, 'rb').read(), os.path.basename(c))
        else:
            os.makedirs(d, exist_ok=True)
            write_pcap(os.path.join(d, os.path.basename(c)), link, frames[:16])

    # csv_reader
    d = os.path.join(out, 'csv_reader')
    csv = open(os.path.join(seeds, 'sim.csv'), 'rb').read()
    lines = csv.split(b'\n')
    put(d, csv, 'sim.csv')
    put(d, b'\r\n'.join(lines[:8]), 'crlf.csv')
    put(d, b'\n'.join(lines[:1] + [b'1,1.5,10.0.0.1,"INVITE sip:a@b, c SIP/2.0","SIP/2.0/UDP '
                                   b'h;branch=""x""",,,,,,,,,,1,none,none']), 'quoted.csv')
    put(d, b'\n'.join([b','.join(lines[0].split(b',')[:5])] + lines[1:4]), 'missing-columns.csv')
    put(d, b'\n'.join([lines[0] + b',Extra'] + [l + b',x' for l in lines[1:4]]), 'extra.csv')

    # model_loader
    d = os.path.join(out, 'model_loader')
    for f in glob.glob(os.path.join(root, 'models', '*.safetensors')):
        put(d, open(f, 'rb').read(), os.path.basename(f))
    for cell in ('rnn', 'lstm', 'gru'):
        for layers in (1, 2):
            put(d, tiny_model(cell, layers), 'tiny-%s-%d' % (cell, layers))


if __name__ == '__main__':
    main()
