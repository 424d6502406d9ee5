#!/usr/bin/env python3
"""Generator for the TFPS SIP test corpus.

Writes one SIP message per file, exact wire bytes (CRLF line endings, header
section terminated by an empty CRLF line, Content-Length computed from the
real body), into:

    valid/    messages a UAS must accept (parse successfully)
    invalid/  messages a UAS must reject (400 / other error, or silently drop)

and regenerates README.md (one table row per file).

Usage:
    python3 generate.py          # (re)write every file, remove stale *.sip
    python3 generate.py --check  # verify the files on disk are up to date

The script is deterministic: running it twice produces identical bytes.
Only the Python standard library is used.

RFC 4475 messages are reproduced from the RFC text (section 3), expanding
the RFC's <hex>..</hex> notation into raw bytes and <allOneLine> blocks into
single lines. Hand-written messages only use IP addresses from 127.0.0.0/8,
192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 and 2001:db8::/32 (checked
below); the RFC 4475 vectors are kept verbatim, including their addresses.
"""

import hashlib
import ipaddress
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

CASES = []  # (folder, filename, bytes, exercises, source, options)


def add(folder, name, data, exercises, source, **opts):
    assert folder in ("valid", "invalid"), folder
    assert name.endswith(".sip"), name
    assert all(c[1] != name for c in CASES), "duplicate " + name
    if isinstance(data, str):
        data = data.encode("utf-8")
    CASES.append((folder, name, data, exercises, source, opts))


def crlf(text):
    """Text block (LF line ends, leading newline ignored) -> CRLF bytes."""
    if text.startswith("\n"):
        text = text[1:]
    return text.replace("\n", "\r\n").encode("utf-8")


def rfc(text):
    """An RFC 4475 message: headers, blank line, body, all as in the RFC."""
    return crlf(text)


def sip(head, body="", cl_fmt="{}"):
    """Hand-written message.

    head: start line + header lines (LF separated); '{CL}' is replaced by the
    real body length (formatted with cl_fmt).  body: str (LF -> CRLF) or bytes.
    """
    if isinstance(body, str):
        body = crlf(body) if body else b""
    if head.startswith("\n"):
        head = head[1:]
    head = head.rstrip("\n").replace("{CL}", cl_fmt.format(len(body)))
    return crlf(head) + b"\r\n\r\n" + body


R = "RFC 4475 §"

# ===========================================================================
# 1. RFC 4475 -- valid requests (3.1.1 parser tests, 3.2/3.3 semantic tests
#    whose messages are syntactically valid)
# ===========================================================================

add("valid", "rfc4475-wsinv.sip", rfc(r'''
INVITE sip:vivekg@chair-dnrc.example.com;unknownparam SIP/2.0
TO :
 sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n
from   : "J Rosenberg \\\""       <sip:jdrosen@example.com>
  ;
  tag = 98asjd8
MaX-fOrWaRdS: 0068
Call-ID: wsinv.ndaksdj@192.0.2.1
Content-Length   : 150
cseq: 0009
  INVITE
Via  : SIP  /   2.0
 /UDP
    192.0.2.2;branch=390skdjuw
s :
NewFangledHeader:   newfangled value
 continued newfangled value
UnknownHeaderWithUnusualValue: ;;,,;;,;
Content-Type: application/sdp
Route:
 <sip:services.example.com;lr;unknownwith=value;unknown-no-value>
v:  SIP  / 2.0  / TCP     spindle.example.com   ;
  branch  =   z9hG4bK9ikj8  ,
 SIP  /    2.0   / UDP  192.168.255.111   ; branch=
 z9hG4bK30239
m:"Quoted string \"\"" <sip:jdrosen@example.com> ; newparam =
      newvalue ;
  secondparam ; q = 0.33

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.3
s=-
c=IN IP4 192.0.2.4
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
'''),
    "short tortuous INVITE: line folding everywhere, LWS around ':' ';' '=' '/', "
    "escaped quotes in display name, empty Subject (s), mixed compact/long names, "
    "odd header-name case, leading zeros in Max-Forwards/CSeq, unknown headers/params; "
    "3 Via values (one list header). Accept.",
    R + "3.1.1.1 (wsinv)")

# intmeth contains raw control bytes (0x07, 0x00, 0x7F) inside a quoted
# string (as quoted-pairs) and UTF-8; built from bytes.
_im_method = b"!interesting-Method0123456789_*+`.%indeed'~"
_im_ruri = (b"sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:"
            b"&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com")
_intmeth = b"\r\n".join([
    _im_method + b" " + _im_ruri + b" SIP/2.0",
    b"Via: SIP/2.0/TCP host1.example.com;branch=z9hG4bK-.!%66*_+`'~",
    b'To: "BEL:\\\x07 NUL:\\\x00 DEL:\\\x7f" '
    b"<sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*@example.com>",
    b"From: token1~` token2'+_ token3*%!.- <sip:mundane@example.com>;"
    b"fromParam''~+*_!.-%=\"" + "работающий".encode("utf-8") +
    b"\";tag=_token~1'+`*%!-.",
    b"Call-ID: intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{",
    b"CSeq: 139122385 " + _im_method,
    b"Max-Forwards: 255",
    b"extensionHeader-!.%*+_`'~:" + bytes.fromhex("EFBBBFE5A4A7E5819CE99BBB"),
    b"Content-Length: 0",
    b"", b""])
add("valid", "rfc4475-intmeth.sip", _intmeth,
    "unknown method made of every non-alnum token char; unusual R-URI user/password "
    "chars; To display name with quoted-pair BEL/NUL/DEL (raw 0x07 0x00 0x7F bytes); "
    "From display name as several tokens, UTF-8 param value; Call-ID with word chars "
    "incl. % \" < >; extension header with UTF-8 (BOM) value. Parse OK; UAS answers "
    "501 (unknown method).",
    R + "3.1.1.2 (intmeth)")

add("valid", "rfc4475-esc01.sip", rfc(r'''
INVITE sip:sips%3Auser%40example.com@example.net SIP/2.0
To: sip:%75se%72@example.com
From: <sip:I%20have%20spaces@example.net>;tag=938
Max-Forwards: 87
i: esc01.239409asdfakjkn23onasd0-3234
CSeq: 234234 INVITE
Via: SIP/2.0/UDP host5.example.net;branch=z9hG4bKkdjuw
C: application/sdp
Contact:
  <sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31>
Content-Length: 150

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.1
s=-
c=IN IP4 192.0.2.1
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
'''),
    "%HEX escapes in R-URI user (embedded sips URI), To/From user parts and Contact "
    "URI params (value%41 is not valueA); compact i and c. Accept; unescape user part "
    "before number analysis.",
    R + "3.1.1.3 (esc01)")

add("valid", "rfc4475-escnull.sip", rfc(r'''
REGISTER sip:example.com SIP/2.0
To: sip:null-%00-null@example.com
From: sip:null-%00-null@example.com;tag=839923423
Max-Forwards: 70
Call-ID: escnull.39203ndfvkjdasfkq3w4otrq0adsfdfnavd
CSeq: 14398234 REGISTER
Via: SIP/2.0/UDP host5.example.com;branch=z9hG4bKkdjuw
Contact: <sip:%00@host5.example.com>
Contact: <sip:%00%00@host5.example.com>
L:0

'''),
    "escaped NUL (%00) in user parts; two Contact headers; 'L:0' with no space. Valid: "
    "unescaping must not truncate the user at the NUL.",
    R + "3.1.1.4 (escnull)")

add("valid", "rfc4475-esc02.sip", rfc(r'''
RE%47IST%45R sip:registrar.example.com SIP/2.0
To: "%Z%45" <sip:resource@example.com>
From: "%Z%45" <sip:resource@example.com>;tag=f232jadfj23
Call-ID: esc02.asdfnqwo34rq23i34jrjasdcnl23nrlknsdf
Via: SIP/2.0/TCP host.example.com;branch=z9hG4bK209%fzsnel234
CSeq: 29344 RE%47IST%45R
Max-Forwards: 70
Contact: <sip:alias1@host1.example.com>
C%6Fntact: <sip:alias2@host2.example.com>
Contact: <sip:alias3@host3.example.com>
l: 0

'''),
    "% that is not an escape: method RE%47IST%45R is unknown (not REGISTER), display "
    "name %Z%45, '%' in branch, header named C%6Fntact is an extension header (2 "
    "Contacts, not 3). Accept; UAS answers 501.",
    R + "3.1.1.5 (esc02)")

add("valid", "rfc4475-lwsdisp.sip", rfc(r'''
OPTIONS sip:user@example.com SIP/2.0
To: sip:user@example.com
From: caller<sip:caller@example.com>;tag=323
Max-Forwards: 70
Call-ID: lwsdisp.1234abcd@funky.example.com
CSeq: 60 OPTIONS
Via: SIP/2.0/UDP funky.example.com;branch=z9hG4bKkdjuw
l: 0

'''),
    "no LWS between display-name token and the left angle bracket in From "
    "(caller<sip:...>). Accept (RFC 3261 grammar bug).",
    R + "3.1.1.6 (lwsdisp)")

add("valid", "rfc4475-longreq.sip", rfc(r'''
INVITE sip:user@example.com SIP/2.0
To: "I have a user name of extremeextremeextremeextremeextremeextremeextremeextremeextremeextreme proportion"<sip:user@example.com:6000;unknownparam1=verylonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglongvalue;longparamnamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamename=shortvalue;verylonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglongParameterNameWithNoValue>
F: sip:amazinglylongcallernameamazinglylongcallernameamazinglylongcallernameamazinglylongcallernameamazinglylongcallername@example.net;tag=12982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982424;unknownheaderparamnamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamename=unknowheaderparamvaluevaluevaluevaluevaluevaluevaluevaluevaluevaluevaluevaluevaluevaluevalue;unknownValuelessparamnameparamnameparamnameparamnameparamnameparamnameparamnameparamnameparamnameparamname
Call-ID: longreq.onereallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallylongcallid
CSeq: 3882340 INVITE
Unknown-LongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLong-Name: unknown-longlonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglong-value; unknown-longlonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglong-parameter-name = unknown-longlonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglong-parameter-value
Via: SIP/2.0/TCP sip33.example.com
v: SIP/2.0/TCP sip32.example.com
V: SIP/2.0/TCP sip31.example.com
Via: SIP/2.0/TCP sip30.example.com
ViA: SIP/2.0/TCP sip29.example.com
VIa: SIP/2.0/TCP sip28.example.com
VIA: SIP/2.0/TCP sip27.example.com
via: SIP/2.0/TCP sip26.example.com
viA: SIP/2.0/TCP sip25.example.com
vIa: SIP/2.0/TCP sip24.example.com
vIA: SIP/2.0/TCP sip23.example.com
V :  SIP/2.0/TCP sip22.example.com
v :  SIP/2.0/TCP sip21.example.com
V  : SIP/2.0/TCP sip20.example.com
v  : SIP/2.0/TCP sip19.example.com
Via : SIP/2.0/TCP sip18.example.com
Via  : SIP/2.0/TCP sip17.example.com
Via: SIP/2.0/TCP sip16.example.com
Via: SIP/2.0/TCP sip15.example.com
Via: SIP/2.0/TCP sip14.example.com
Via: SIP/2.0/TCP sip13.example.com
Via: SIP/2.0/TCP sip12.example.com
Via: SIP/2.0/TCP sip11.example.com
Via: SIP/2.0/TCP sip10.example.com
Via: SIP/2.0/TCP sip9.example.com
Via: SIP/2.0/TCP sip8.example.com
Via: SIP/2.0/TCP sip7.example.com
Via: SIP/2.0/TCP sip6.example.com
Via: SIP/2.0/TCP sip5.example.com
Via: SIP/2.0/TCP sip4.example.com
Via: SIP/2.0/TCP sip3.example.com
Via: SIP/2.0/TCP sip2.example.com
Via: SIP/2.0/TCP sip1.example.com
Via: SIP/2.0/TCP host.example.com;received=192.0.2.5;branch=verylonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglongbranchvalue
Max-Forwards: 70
Contact: <sip:amazinglylongcallernameamazinglylongcallernameamazinglylongcallernameamazinglylongcallernameamazinglylongcallername@host5.example.net>
Content-Type: application/sdp
l: 150

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.1
s=-
c=IN IP4 192.0.2.1
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
'''),
    "very long display name, URI params, tag, Call-ID, unknown header name/value; 34 "
    "Via headers in every name case (Via/v/V/VIA/vIa...) and with spaces before ':'. "
    "Accept (header section ~4 KB).",
    R + "3.1.1.7 (longreq)")

add("valid", "rfc4475-dblreq.sip", rfc(r'''
REGISTER sip:example.com SIP/2.0
To: sip:j.user@example.com
From: sip:j.user@example.com;tag=43251j3j324
Max-Forwards: 8
I: dblreq.0ha0isndaksdj99sdfafnl3lk233412
Contact: sip:j.user@host.example.com
CSeq: 8 REGISTER
Via: SIP/2.0/UDP 192.0.2.125;branch=z9hG4bKkdjuw23492
Content-Length: 0

INVITE sip:joe@example.com SIP/2.0
t: sip:joe@example.com
From: sip:caller@example.net;tag=141334
Max-Forwards: 8
Call-ID: dblreq.0ha0isnda977644900765@192.0.2.15
CSeq: 8 INVITE
Via: SIP/2.0/UDP 192.0.2.15;branch=z9hG4bKkdjuw380234
Content-Type: application/sdp
Content-Length: 150

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.15
s=-
c=IN IP4 192.0.2.15
t=0 0
m=audio 49217 RTP/AVP 0 12
m =video 3227 RTP/AVP 31
a=rtpmap:31 LPC
'''),
    "one UDP datagram: a REGISTER with Content-Length: 0 followed by octets that look "
    "like an INVITE. Over UDP the trailing octets are noise and must be ignored (only "
    "the REGISTER is processed; the file's 'body' is deliberately not 0 bytes). Over "
    "TCP the same bytes would frame as two messages.",
    R + "3.1.1.8 (dblreq)", cl_check=False)

add("valid", "rfc4475-semiuri.sip", rfc(r'''
OPTIONS sip:user;par=u%40example.net@example.com SIP/2.0
To: sip:j_user@example.com
From: sip:caller@example.org;tag=33242
Max-Forwards: 3
Call-ID: semiuri.0ha0isndaksdj
CSeq: 8 OPTIONS
Accept: application/sdp, application/pkcs7-mime,
        multipart/mixed, multipart/signed,
        message/sip, message/sipfrag
Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKkdjuw
l: 0

'''),
    "';' and escaped '@' inside the R-URI user part (user = 'user;par=u@example.net'); "
    "folded Accept list. Accept.",
    R + "3.1.1.9 (semiuri)")

add("valid", "rfc4475-transports.sip", rfc(r'''
OPTIONS sip:user@example.com SIP/2.0
To: sip:user@example.com
From: <sip:caller@example.com>;tag=323
Max-Forwards: 70
Call-ID:  transports.kijh4akdnaqjkwendsasfdj
Accept: application/sdp
CSeq: 60 OPTIONS
Via: SIP/2.0/UDP t1.example.com;branch=z9hG4bKkdjuw
Via: SIP/2.0/SCTP t2.example.com;branch=z9hG4bKklasjdhf
Via: SIP/2.0/TLS t3.example.com;branch=z9hG4bK2980unddj
Via: SIP/2.0/UNKNOWN t4.example.com;branch=z9hG4bKasd0f3en
Via: SIP/2.0/TCP t5.example.com;branch=z9hG4bK0a9idfnee
l: 0

'''),
    "Via transports UDP/SCTP/TLS/UNKNOWN/TCP (transport extension). Accept.",
    R + "3.1.1.10 (transports)")

# mpart01: the second body part is a DER (PKCS#7) blob containing 0x00,
# 0x0A and 0x0D bytes; reassembled from the RFC's <hex> dump.
_mpart_der = bytes.fromhex(
    "3082015206092A86"
    "4886F70D010702A08201433082013F02"
    "01013109300706052B0E03021A300B06"
    "092A864886F70D010701318201203082"
    "011C020101307C3070310B3009060355"
    "04061302555331133011060355040813"
    "0A43616C69666F726E69613111300F06"
    "03550407130853616E204A6F7365310E"
    "300C060355040A130573697069743129"
    "3027060355040B132053697069742054"
    "65737420436572746966696361746520"
    "417574686F7269747902080195007102"
    "330113300706052B0E03021A300D0609"
    "2A864886F70D01010105000481808EF4"
    "66F948F0522DD2E5978E9D95AAE9F2FE"
    "15A06659716292E8DA2AA8D8350A68CE"
    "FFAE3CBD2BFF1675DDD5648E593DD647"
    "28F26220F7E941749E330D9A15EDABDB"
    "93D10C42102E7B7289D29CC0C9AE2EFB"
    "C7C0CFF9172F3B027E4FC027E1546DE4"
    "B6AA3ABB3E66CCCB5DD6C64B8383149C"
    "B8E6FF182D944FE57B65BC99D005"
)
assert len(_mpart_der) == 342 == 4 + int.from_bytes(_mpart_der[2:4], "big")
_mpart_body = (
    b"--7a9cbec02ceef655\r\n"
    b"Content-Type: text/plain\r\n"
    b"Content-Transfer-Encoding: binary\r\n"
    b"\r\n"
    b"Hello\r\n"
    b"--7a9cbec02ceef655\r\n"
    b"Content-Type: application/octet-stream\r\n"
    b"Content-Transfer-Encoding: binary\r\n"
    b"\r\n" + _mpart_der + b"\r\n"
    b"--7a9cbec02ceef655--\r\n")
add("valid", "rfc4475-mpart01.sip", rfc(r'''
MESSAGE sip:kumiko@example.org SIP/2.0
Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-d87543-4dade06d0bdb11ee-1--d87543-;rport
Max-Forwards: 70
Route: <sip:127.0.0.1:5080>
Identity: r5mwreLuyDRYBi/0TiPwEsY3rEVsk/G2WxhgTV1PF7hHuLIK0YWVKZhKv9Mj8UeXqkMVbnVq37CD+813gvYjcBUaZngQmXc9WNZSDNGCzA+fWl9MEUHWIZo1CeJebdY/XlgKeTa0Olvq0rt70Q5jiSfbqMJmQFteeivUhkMWYUA=
Contact: <sip:fluffy@127.0.0.1:5070>
To: <sip:kumiko@example.org>
From: <sip:fluffy@example.com>;tag=2fb0dcc9
Call-ID: 3d9485ad0c49859b@Zmx1ZmZ5LW1hYy0xNi5sb2NhbA..
CSeq: 1 MESSAGE
Content-Transfer-Encoding: binary
Content-Type: multipart/mixed;boundary=7a9cbec02ceef655
Date: Sat, 15 Oct 2005 04:44:56 GMT
User-Agent: SIPimp.org/0.2.5 (curses)
Content-Length: 553

''') + _mpart_body,
    "multipart/mixed MESSAGE whose second part is binary (contains 0x00, 0x0A, 0x0D "
    "bytes): framing must use Content-Length (553), never scan the body for CRLF/NUL. "
    "Accept (UAS may answer 405/415 for MESSAGE).",
    R + "3.1.1.11 (mpart01)")

add("valid", "rfc4475-badbranch.sip", rfc(r'''
OPTIONS sip:user@example.com SIP/2.0
To: sip:user@example.com
From: sip:caller@example.org;tag=33242
Max-Forwards: 3
Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK
Accept: application/sdp
Call-ID: badbranch.sadonfo23i420jv0as0derf3j3n
CSeq: 8 OPTIONS
l: 0

'''),
    "branch is exactly the magic cookie 'z9hG4bK' with no identifier. Syntactically "
    "valid; parser must not break (UAS may 400 statelessly or fall back to RFC 2543 "
    "transaction matching).",
    R + "3.2.1 (badbranch)")

add("valid", "rfc4475-unkscm.sip", rfc(r'''
OPTIONS nobodyKnowsThisScheme:totallyopaquecontent SIP/2.0
To: sip:user@example.com
From: sip:caller@example.net;tag=384
Max-Forwards: 3
Call-ID: unkscm.nasdfasser0q239nwsdfasdkl34
CSeq: 3923423 OPTIONS
Via: SIP/2.0/TCP host9.example.com;branch=z9hG4bKkdjuw39234
Content-Length: 0

'''),
    "R-URI with an unknown scheme and opaque content. Parses; UAS answers 416 "
    "(Unsupported URI Scheme).",
    R + "3.3.2 (unkscm)")

add("valid", "rfc4475-novelsc.sip", rfc(r'''
OPTIONS soap.beep://192.0.2.103:3002 SIP/2.0
To: sip:user@example.com
From: sip:caller@example.net;tag=384
Max-Forwards: 3
Call-ID: novelsc.asdfasser0q239nwsdfasdkl34
CSeq: 3923423 OPTIONS
Via: SIP/2.0/TCP host9.example.com;branch=z9hG4bKkdjuw39234
Content-Length: 0

'''),
    "R-URI with a novel scheme containing '.' and '//' (soap.beep://...). Parses; UAS "
    "answers 416.",
    R + "3.3.3 (novelsc)")

add("valid", "rfc4475-bext01.sip", rfc(r'''
OPTIONS sip:user@example.com SIP/2.0
To: sip:j_user@example.com
From: sip:caller@example.net;tag=242etr
Max-Forwards: 6
Call-ID: bext01.0ha0isndaksdj
Require: nothingSupportsThis, nothingSupportsThisEither
Proxy-Require: noProxiesSupportThis, norDoAnyProxiesSupportThis
CSeq: 8 OPTIONS
Via: SIP/2.0/TLS fold-and-staple.example.com;branch=z9hG4bKkdjuw
Content-Length: 0

'''),
    "unknown option tags in Require and Proxy-Require. Parses; UAS answers 420 (Bad "
    "Extension) with Unsupported listing the Require tags (Proxy-Require ignored).",
    R + "3.3.5 (bext01)")

add("valid", "rfc4475-invut.sip", rfc(r'''
INVITE sip:user@example.com SIP/2.0
Contact: <sip:caller@host5.example.net>
To: sip:j.user@example.com
From: sip:caller@example.net;tag=8392034
Max-Forwards: 70
Call-ID: invut.0ha0isndaksdjadsfij34n23d
CSeq: 235448 INVITE
Via: SIP/2.0/UDP somehost.example.com;branch=z9hG4bKkdjuw
Content-Type: application/unknownformat
Content-Length: 40

<audio>
 <pcmu port="443"/>
</audio>
'''),
    "INVITE with an unknown body type (application/unknownformat). Parses; UAS answers "
    "415 (Unsupported Media Type) with Accept.",
    R + "3.3.6 (invut)")

add("valid", "rfc4475-zeromf.sip", rfc(r'''
OPTIONS sip:user@example.com SIP/2.0
To: sip:user@example.com
From: sip:caller@example.net;tag=3ghsd41
Call-ID: zeromf.jfasdlfnm2o2l43r5u0asdfas
CSeq: 39234321 OPTIONS
Via: SIP/2.0/UDP host1.example.com;branch=z9hG4bKkdjuw2349i
Max-Forwards: 0
Content-Length: 0

'''),
    "OPTIONS with Max-Forwards: 0. Valid; a UAS responds normally (only a proxy would "
    "have to answer 483).",
    R + "3.3.11 (zeromf)")

add("valid", "rfc4475-sdp01.sip", rfc(r'''
INVITE sip:user@example.com SIP/2.0
To: sip:j_user@example.com
Contact: <sip:caller@host15.example.net>
From: sip:caller@example.net;tag=234
Max-Forwards: 5
Call-ID: sdp01.ndaksdj9342dasdd
Accept: text/nobodyKnowsThis
CSeq: 8 INVITE
Via: SIP/2.0/UDP 192.0.2.15;branch=z9hG4bKkdjuw
Content-Length: 150
Content-Type: application/sdp

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.5
s=-
c=IN IP4 192.0.2.5
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
'''),
    "INVITE whose Accept excludes application/sdp. Parses; RFC suggests 406 (Not "
    "Acceptable). A redirect server answering 302/603 without a body is also fine.",
    R + "3.3.15 (sdp01)")

add("valid", "rfc4475-inv2543.sip", rfc(r'''
INVITE sip:UserB@example.com SIP/2.0
Via: SIP/2.0/UDP iftgw.example.com
From: <sip:+13035551111@ift.client.example.net;user=phone>
Record-Route: <sip:UserB@example.com;maddr=ss1.example.com>
To: sip:+16505552222@ss1.example.net;user=phone
Call-ID: inv2543.1717@ift.client.example.com
CSeq: 56 INVITE
Content-Type: application/sdp

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.5
s=-
c=IN IP4 192.0.2.5
t=0 0
m=audio 49217 RTP/AVP 0
'''),
    "RFC 2543-style INVITE: no Max-Forwards, no From tag, Via without branch, no "
    "Content-Length (legal over UDP: body = rest of datagram). Accept (backwards "
    "compatibility); only valid as a UDP datagram.",
    R + "3.3.16 (inv2543)", cl_check=False)

# ===========================================================================
# 2. RFC 4475 -- invalid requests
# ===========================================================================

add("invalid", "rfc4475-badinv01.sip", rfc(r'''
INVITE sip:user@example.com SIP/2.0
To: sip:j.user@example.com
From: sip:caller@example.net;tag=134161461246
Max-Forwards: 7
Call-ID: badinv01.0ha0isndaksdjasdf3234nas
CSeq: 8 INVITE
Via: SIP/2.0/UDP 192.0.2.15;;,;,,
Contact: "Joe" <sip:joe@example.org>;;;;
Content-Length: 152
Content-Type: application/sdp

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.15
s=-
c=IN IP4 192.0.2.15
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
'''),
    "extraneous ';' and ',' in Via and ';' in Contact (empty params / empty list "
    "elements). Reject with 400.",
    R + "3.1.2.1 (badinv01)")

add("invalid", "rfc4475-clerr.sip", rfc(r'''
INVITE sip:user@example.com SIP/2.0
Max-Forwards: 80
To: sip:j.user@example.com
From: sip:caller@example.net;tag=93942939o2
Contact: <sip:caller@hungry.example.net>
Call-ID: clerr.0ha0isndaksdjweiafasdk3
CSeq: 8 INVITE
Via: SIP/2.0/UDP host5.example.com;branch=z9hG4bK-39234-23523
Content-Type: application/sdp
Content-Length: 9999

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.155
s=-
c=IN IP4 192.0.2.155
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
'''),
    "Content-Length (9999) larger than the body (154). Over UDP: 400. Over TCP: wait "
    "for more data, then time out and close.",
    R + "3.1.2.2 (clerr)")

add("invalid", "rfc4475-ncl.sip", rfc(r'''
INVITE sip:user@example.com SIP/2.0
Max-Forwards: 254
To: sip:j.user@example.com
From: sip:caller@example.net;tag=32394234
Call-ID: ncl.0ha0isndaksdj2193423r542w35
CSeq: 0 INVITE
Via: SIP/2.0/UDP 192.0.2.53;branch=z9hG4bKkdjuw
Contact: <sip:caller@example53.example.net>
Content-Type: application/sdp
Content-Length: -999

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.53
s=-
c=IN IP4 192.0.2.53
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
'''),
    "negative Content-Length (-999). Reject (UDP: error / discard; TCP: unrecoverable "
    "framing error, close). Must never be used as a length/index.",
    R + "3.1.2.3 (ncl)")

add("invalid", "rfc4475-scalar02.sip", rfc(r'''
REGISTER sip:example.com SIP/2.0
Via: SIP/2.0/TCP host129.example.com;branch=z9hG4bK342sdfoi3
To: <sip:user@example.com>
From: <sip:user@example.com>;tag=239232jh3
CSeq: 36893488147419103232 REGISTER
Call-ID: scalar02.23o0pd9vanlq3wnrlnewofjas9ui32
Max-Forwards: 300
Expires: 1''' + "0" * 100 + r'''
Contact: <sip:user@host129.example.com>
  ;expires=280297596632815
Content-Length: 0

'''),
    "scalars out of range: CSeq 2**65 (> 2**32-1), Max-Forwards 300 (> 255), Expires "
    "10**100, Contact expires > 2**32-1. Reject with 400 (CSeq). No integer overflow.",
    R + "3.1.2.4 (scalar02)")

add("invalid", "rfc4475-quotbal.sip", rfc(r'''
INVITE sip:user@example.com SIP/2.0
To: "Mr. J. User <sip:j.user@example.com>
From: sip:caller@example.net;tag=93334
Max-Forwards: 10
Call-ID: quotbal.aksdj
Contact: <sip:caller@host59.example.net>
CSeq: 8 INVITE
Via: SIP/2.0/UDP 192.0.2.59:5050;branch=z9hG4bKkdjuw39234
Content-Type: application/sdp
Content-Length: 152

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.15
s=-
c=IN IP4 192.0.2.15
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
'''),
    "unterminated quoted string in the To display name. Reject with 400.",
    R + "3.1.2.6 (quotbal)")

add("invalid", "rfc4475-ltgtruri.sip", rfc(r'''
INVITE <sip:user@example.com> SIP/2.0
To: sip:user@example.com
From: sip:caller@example.net;tag=39291
Max-Forwards: 23
Call-ID: ltgtruri.1@192.0.2.5
CSeq: 1 INVITE
Via: SIP/2.0/UDP 192.0.2.5
Contact: <sip:caller@host5.example.net>
Content-Type: application/sdp
Content-Length: 159

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.5
s=-
c=IN IP4 192.0.2.5
t=3149328700 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
'''),
    "Request-URI enclosed in <>. Reject with 400 (a liberal element may strip them).",
    R + "3.1.2.7 (ltgtruri)")

add("invalid", "rfc4475-lwsruri.sip", rfc(r'''
INVITE sip:user@example.com; lr SIP/2.0
To: sip:user@example.com;tag=3xfe-9921883-z9f
From: sip:caller@example.net;tag=231413434
Max-Forwards: 5
Call-ID: lwsruri.asdfasdoeoi2323-asdfwrn23-asd834rk423
CSeq: 2130706432 INVITE
Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKkdjuw2395
Contact: <sip:caller@host1.example.net>
Content-Type: application/sdp
Content-Length: 159

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.1
s=-
c=IN IP4 192.0.2.1
t=3149328700 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
'''),
    "LWS inside the Request-URI ('; lr'), giving 4 space-separated request-line "
    "elements. Reject with 400.",
    R + "3.1.2.8 (lwsruri)")

add("invalid", "rfc4475-lwsstart.sip", rfc(r'''
INVITE  sip:user@example.com  SIP/2.0
Max-Forwards: 8
To: sip:user@example.com
From: sip:caller@example.net;tag=8814
Call-ID: lwsstart.dfknq234oi243099adsdfnawe3@example.com
CSeq: 1893884 INVITE
Via: SIP/2.0/UDP host1.example.com;branch=z9hG4bKkdjuw3923
Contact: <sip:caller@host1.example.net>
Content-Type: application/sdp
Content-Length: 150

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.1
s=-
c=IN IP4 192.0.2.1
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
'''),
    "request line with two SP between elements ('INVITE  sip:...  SIP/2.0'). May be "
    "rejected as malformed (a liberal parser may accept). This is the corpus' "
    "'request line with two spaces' case.",
    R + "3.1.2.9 (lwsstart)")

add("invalid", "rfc4475-trws.sip", rfc(r'''
OPTIONS sip:remote-target@example.com SIP/2.0  
Via: SIP/2.0/TCP host1.examle.com;branch=z9hG4bK299342093
To: <sip:remote-target@example.com>
From: <sip:local-resource@example.com>;tag=329429089
Call-ID: trws.oicu34958239neffasdhr2345r
Accept: application/sdp
CSeq: 238923 OPTIONS
Max-Forwards: 70
Content-Length: 0

'''),
    "trailing SP characters after SIP/2.0 on the request line. May be rejected as "
    "malformed (a liberal parser may accept).",
    R + "3.1.2.10 (trws)")

add("invalid", "rfc4475-escruri.sip", rfc(r'''
INVITE sip:user@example.com?Route=%3Csip:example.com%3E SIP/2.0
To: sip:user@example.com
From: sip:caller@example.net;tag=341518
Max-Forwards: 7
Contact: <sip:caller@host39923.example.net>
Call-ID: escruri.23940-asdfhj-aje3br-234q098w-fawerh2q-h4n5
CSeq: 149209342 INVITE
Via: SIP/2.0/UDP host-of-the-hour.example.com;branch=z9hG4bKkdjuw
Content-Type: application/sdp
Content-Length: 150

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.1
s=-
c=IN IP4 192.0.2.1
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
'''),
    "Request-URI carrying escaped headers (?Route=...). Reject with 400 (or ignore the "
    "headers; never turn them into real headers).",
    R + "3.1.2.11 (escruri)")

add("invalid", "rfc4475-baddate.sip", rfc(r'''
INVITE sip:user@example.com SIP/2.0
To: sip:user@example.com
From: sip:caller@example.net;tag=2234923
Max-Forwards: 70
Call-ID: baddate.239423mnsadf3j23lj42--sedfnm234
CSeq: 1392934 INVITE
Via: SIP/2.0/UDP host.example.com;branch=z9hG4bKkdjuw
Date: Fri, 01 Jan 2010 16:00:00 EST
Contact: <sip:caller@host5.example.net>
Content-Type: application/sdp
Content-Length: 150

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.5
s=-
c=IN IP4 192.0.2.5
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
'''),
    "Date header with a non-GMT zone (EST). Invalid per grammar; an element that "
    "ignores Date may accept it (RFC allows both).",
    R + "3.1.2.12 (baddate)")

add("invalid", "rfc4475-regbadct.sip", rfc(r'''
REGISTER sip:example.com SIP/2.0
To: sip:user@example.com
From: sip:user@example.com;tag=998332
Max-Forwards: 70
Call-ID: regbadct.k345asrl3fdbv@10.0.0.1
CSeq: 1 REGISTER
Via: SIP/2.0/UDP 135.180.130.133:5060;branch=z9hG4bKkdjuw
Contact: sip:user@example.com?Route=%3Csip:sip.example.com%3E
l: 0

'''),
    "Contact in addr-spec form (no <>) but with an escaped header ('?'), which requires "
    "name-addr form. Reject with 400.",
    R + "3.1.2.13 (regbadct)")

add("invalid", "rfc4475-badaspec.sip", rfc(r'''
OPTIONS sip:user@example.org SIP/2.0
Via: SIP/2.0/UDP host4.example.com:5060;branch=z9hG4bKkdju43234
Max-Forwards: 70
From: "Bell, Alexander" <sip:a.g.bell@example.com>;tag=433423
To: "Watson, Thomas" < sip:t.watson@example.org >
Call-ID: badaspec.sdf0234n2nds0a099u23h3hnnw009cdkne3
Accept: application/sdp
CSeq: 3923239 OPTIONS
l: 0

'''),
    "spaces inside <> around the To addr-spec. Must not crash; reasonable to reject "
    "with 400.",
    R + "3.1.2.14 (badaspec)")

add("invalid", "rfc4475-baddn.sip", rfc(r'''
OPTIONS sip:t.watson@example.org SIP/2.0
Via:     SIP/2.0/UDP c.example.com:5060;branch=z9hG4bKkdjuw
Max-Forwards:      70
From:    Bell, Alexander <sip:a.g.bell@example.com>;tag=43
To:      Watson, Thomas <sip:t.watson@example.org>
Call-ID: baddn.31415@c.example.com
Accept: application/sdp
CSeq:    3923239 OPTIONS
l: 0

'''),
    "unquoted display names containing ',' (non-token char) in From/To. Reject with "
    "400.",
    R + "3.1.2.15 (baddn)")

add("invalid", "rfc4475-badvers.sip", rfc(r'''
OPTIONS sip:t.watson@example.org SIP/7.0
Via:     SIP/7.0/UDP c.example.com;branch=z9hG4bKkdjuw
Max-Forwards:     70
From:    A. Bell <sip:a.g.bell@example.com>;tag=qweoiqpe
To:      T. Watson <sip:t.watson@example.org>
Call-ID: badvers.31417@c.example.com
CSeq:    1 OPTIONS
l: 0

'''),
    "SIP/7.0 on request line and Via. Reject with 505 (Version Not Supported).",
    R + "3.1.2.16 (badvers)")

add("invalid", "rfc4475-mismatch01.sip", rfc(r'''
OPTIONS sip:user@example.com SIP/2.0
To: sip:j.user@example.com
From: sip:caller@example.net;tag=34525
Max-Forwards: 6
Call-ID: mismatch01.dj0234sxdfl3
CSeq: 8 INVITE
Via: SIP/2.0/UDP host.example.com;branch=z9hG4bKkdjuw
l: 0

'''),
    "CSeq method (INVITE) differs from the request method (OPTIONS). Reject with 400. "
    "This is the corpus' 'CSeq method not matching' case.",
    R + "3.1.2.17 (mismatch01)")

add("invalid", "rfc4475-mismatch02.sip", rfc(r'''
NEWMETHOD sip:user@example.com SIP/2.0
To: sip:j.user@example.com
From: sip:caller@example.net;tag=34525
Max-Forwards: 6
Call-ID: mismatch02.dj0234sxdfl3
CSeq: 8 INVITE
Contact: <sip:caller@host.example.net>
Via: SIP/2.0/UDP host.example.net;branch=z9hG4bKkdjuw
Content-Type: application/sdp
l: 138

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.1
c=IN IP4 192.0.2.1
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
'''),
    "unknown method with a CSeq method (INVITE) that does not match. Reject: 501 "
    "preferred, 400 acceptable.",
    R + "3.1.2.18 (mismatch02)")

add("invalid", "rfc4475-insuf.sip", rfc(r'''
INVITE sip:user@example.com SIP/2.0
CSeq: 193942 INVITE
Via: SIP/2.0/UDP 192.0.2.95;branch=z9hG4bKkdj.insuf
Content-Type: application/sdp
l: 152

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.95
s=-
c=IN IP4 192.0.2.95
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
'''),
    "INVITE missing Call-ID, From, To and Max-Forwards. Reject with 400 (RFC 3261 "
    "8.2.2 / 16.3 would otherwise need them).",
    R + "3.3.1 (insuf)")

add("invalid", "rfc4475-multi01.sip", rfc(r'''
INVITE sip:user@company.com SIP/2.0
Contact: <sip:caller@host25.example.net>
Via: SIP/2.0/UDP 192.0.2.25;branch=z9hG4bKkdjuw
Max-Forwards: 70
CSeq: 5 INVITE
Call-ID: multi01.98asdh@192.0.2.1
CSeq: 59 INVITE
Call-ID: multi01.98asdh@192.0.2.2
From: sip:caller@example.com;tag=3413415
To: sip:user@example.com
To: sip:other@example.net
From: sip:caller@example.net;tag=2923420123
Content-Type: application/sdp
l: 154
Contact: <sip:caller@host36.example.net>
Max-Forwards: 5

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.25
s=-
c=IN IP4 192.0.2.25
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC

'''),
    "several values for single-valued headers (two CSeq, Call-ID, From, To, "
    "Max-Forwards, Contact). Reject with 400.",
    R + "3.3.8 (multi01)")

add("invalid", "rfc4475-mcl01.sip", rfc(r'''
OPTIONS sip:user@example.com SIP/2.0
Via: SIP/2.0/UDP host5.example.net;branch=z9hG4bK293423
To: sip:user@example.com
From: sip:other@example.net;tag=3923942
Call-ID: mcl01.fhn2323orihawfdoa3o4r52o3irsdf
CSeq: 15932 OPTIONS
Content-Length: 13
Max-Forwards: 60
Content-Length: 5
Content-Type: text/plain

There's no way to know how many octets are supposed to be here.
'''),
    "two different Content-Length headers (13 and 5), neither matching the body. "
    "Reject with 400 (TCP: framing cannot be recovered). This is the corpus' 'two "
    "different Content-Length headers' case.",
    R + "3.3.9 (mcl01)")

# ===========================================================================
# 3. Hand-written realistic traffic (valid)
#    TFPS = 203.0.113.5; PBXs in 192.0.2.0/24; proxies/SBCs in 198.51.100.0/24;
#    scanners/attackers in 198.51.100.6x / 203.0.113.6x-9x.
# ===========================================================================

HW = "hand-written after "

_ast_sdp = """
v=0
o=root 1894720376 1894720376 IN IP4 192.0.2.10
s=Asterisk PBX 18.20.0
c=IN IP4 192.0.2.10
t=0 0
m=audio 14562 RTP/AVP 8 0 3 101
a=rtpmap:8 PCMA/8000
a=rtpmap:0 PCMU/8000
a=rtpmap:3 GSM/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-16
a=ptime:20
a=maxptime:150
a=sendrecv
"""

_CHANSIP_HEAD = """
INVITE sip:005312345678@203.0.113.5:5060 SIP/2.0
Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK4f1c2a7e;rport
Max-Forwards: 70
From: "Reception" <sip:1001@192.0.2.10>;tag=as5f3e2a1b
To: <sip:005312345678@203.0.113.5:5060>
Contact: <sip:1001@192.0.2.10:5060>
Call-ID: 3c26700b2b6f4a5e1d2c3b4a5f6e7d8c@192.0.2.10:5060
CSeq: 102 INVITE
User-Agent: Asterisk PBX 18.20.0
Date: Tue, 14 May 2024 09:12:44 GMT
Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, SUBSCRIBE, NOTIFY, INFO, PUBLISH, MESSAGE
Supported: replaces, timer
P-Asserted-Identity: "Reception" <sip:1001@192.0.2.10>
Content-Type: application/sdp
Content-Length: {CL}
"""
add("valid", "asterisk18-chansip-invite-pai.sip", sip(_CHANSIP_HEAD, _ast_sdp),
    "Asterisk 18 chan_sip outbound INVITE (00-international number) with SDP and "
    "P-Asserted-Identity; Via rport flag without value.",
    HW + "an Asterisk 18 (chan_sip) capture")

add("valid", "asterisk18-chansip-cancel.sip", sip("""
CANCEL sip:005312345678@203.0.113.5:5060 SIP/2.0
Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK4f1c2a7e;rport
Max-Forwards: 70
From: "Reception" <sip:1001@192.0.2.10>;tag=as5f3e2a1b
To: <sip:005312345678@203.0.113.5:5060>
Call-ID: 3c26700b2b6f4a5e1d2c3b4a5f6e7d8c@192.0.2.10:5060
CSeq: 102 CANCEL
User-Agent: Asterisk PBX 18.20.0
Content-Length: {CL}
"""),
    "CANCEL for asterisk18-chansip-invite-pai.sip (same branch/Call-ID/CSeq number, no "
    "To tag). UAS answers 200 to CANCEL (and 487 to the INVITE if still pending) or "
    "481 if no matching transaction.",
    HW + "an Asterisk 18 (chan_sip) capture")

add("valid", "asterisk18-chansip-ack-302.sip", sip("""
ACK sip:005312345678@203.0.113.5:5060 SIP/2.0
Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK4f1c2a7e;rport
Max-Forwards: 70
From: "Reception" <sip:1001@192.0.2.10>;tag=as5f3e2a1b
To: <sip:005312345678@203.0.113.5:5060>;tag=tfps-8c1d93a0
Contact: <sip:1001@192.0.2.10:5060>
Call-ID: 3c26700b2b6f4a5e1d2c3b4a5f6e7d8c@192.0.2.10:5060
CSeq: 102 ACK
User-Agent: Asterisk PBX 18.20.0
Content-Length: {CL}
"""),
    "ACK for a non-2xx final response (302) to asterisk18-chansip-invite-pai.sip: same "
    "branch as the INVITE, To tag from the 302. Absorbed by the INVITE server "
    "transaction; never answered.",
    HW + "an Asterisk 18 (chan_sip) capture")

_PJSIP_SDP = """
v=0
o=- 1719392847 1719392847 IN IP4 192.0.2.10
s=Asterisk
c=IN IP4 192.0.2.10
t=0 0
m=audio 17042 RTP/AVP 8 0 101
a=rtpmap:8 PCMA/8000
a=rtpmap:0 PCMU/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-16
a=ptime:20
a=maxptime:140
a=sendrecv
"""
add("valid", "asterisk18-pjsip-invite-pai.sip", sip("""
INVITE sip:+5312345678@203.0.113.5:5060 SIP/2.0
Via: SIP/2.0/UDP 192.0.2.10:5060;rport;branch=z9hG4bKPjb6d1f0a2-6c1e-4e0f-9a2b-3c4d5e6f7a8b
From: "Sales" <sip:1002@192.0.2.10>;tag=8d3c9f4e-2b7a-4c1d-8e5f-6a7b8c9d0e1f
To: <sip:+5312345678@203.0.113.5>
Contact: <sip:asterisk@192.0.2.10:5060>
Call-ID: 5e4d3c2b-1a09-4f8e-7d6c-5b4a39281706
CSeq: 24815 INVITE
Allow: OPTIONS, REGISTER, SUBSCRIBE, NOTIFY, PUBLISH, INVITE, ACK, BYE, CANCEL, UPDATE, PRACK, MESSAGE, REFER
Supported: 100rel, timer, replaces, norefersub, histinfo
Session-Expires: 1800
Min-SE: 90
P-Asserted-Identity: "Sales" <sip:1002@192.0.2.10>
Max-Forwards: 70
User-Agent: Asterisk PBX 18.20.0
Content-Type: application/sdp
Content-Length: {CL}
""", _PJSIP_SDP, cl_fmt="{:>5}"),
    "Asterisk 18 res_pjsip INVITE (E.164 '+' number), UUID-style branch/tag/Call-ID, "
    "P-Asserted-Identity, session timers; Content-Length right-aligned with extra "
    "spaces as PJSIP prints it.",
    HW + "an Asterisk 18 (PJSIP) capture")

add("valid", "freepbx-invite-p-tfps.sip", sip("""
INVITE sip:005312345678@203.0.113.5:5060 SIP/2.0
Via: SIP/2.0/UDP 192.0.2.10:5060;rport;branch=z9hG4bKPj0f9e8d7c-6b5a-4493-8271-605f4e3d2c1b
From: "Front Desk" <sip:1001@pbx.example.com>;tag=2f1e0d9c-8b7a-4695-a4b3-c2d1e0f9a8b7
To: <sip:005312345678@203.0.113.5>
Contact: <sip:1001@192.0.2.10:5060>
Call-ID: 9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d
CSeq: 7311 INVITE
Allow: OPTIONS, REGISTER, SUBSCRIBE, NOTIFY, PUBLISH, INVITE, ACK, BYE, CANCEL, UPDATE, PRACK, MESSAGE, REFER
Supported: 100rel, timer, replaces, norefersub
Session-Expires: 1800
Min-SE: 90
P-Asserted-Identity: "Front Desk" <sip:1001@pbx.example.com>
P-tfps: 1001;pbx.example.com;192.0.2.10;Asterisk PBX 18;2
Max-Forwards: 70
User-Agent: FPBX-16.0.40.7(18.20.0)
Content-Type: application/sdp
Content-Length: {CL}
""", _PJSIP_SDP, cl_fmt="{:>5}"),
    "FreePBX 16 (Asterisk 18 PJSIP) INVITE carrying the TFPS metadata header "
    "'P-tfps: 1001;pbx.example.com;192.0.2.10;Asterisk PBX 18;2' "
    "(extension;pbx host;pbx IP;PBX product;field 5).",
    HW + "a FreePBX 16 / Asterisk 18 capture")

add("valid", "freeswitch-invite.sip", sip("""
INVITE sip:+5312345678@203.0.113.5;transport=udp SIP/2.0
Via: SIP/2.0/UDP 192.0.2.20;rport;branch=z9hG4bKQ3m8vX1p2NcFj
Max-Forwards: 69
From: "Extension 1000" <sip:1000@192.0.2.20>;tag=Hg7tF2aQ9rK1m
To: <sip:+5312345678@203.0.113.5;transport=udp>
Call-ID: 7b0c2f3e-8d41-123d-5a6b-00163e2f4a1c
CSeq: 113478902 INVITE
Contact: <sip:gw+carrier@192.0.2.20:5080;transport=udp;gw=carrier>
User-Agent: FreeSWITCH-mod_sofia/1.10.11-release~64bit
Allow: INVITE, ACK, BYE, CANCEL, OPTIONS, MESSAGE, INFO, UPDATE, REGISTER, REFER, NOTIFY
Supported: timer, path, replaces
Allow-Events: talk, hold, conference, refer
Content-Type: application/sdp
Content-Disposition: session
Remote-Party-ID: "Extension 1000" <sip:1000@192.0.2.20>;party=calling;screen=yes;privacy=off
X-FS-Support: update_display,send_info
Content-Length: {CL}
""", """
v=0
o=FreeSWITCH 1715670000 1715670001 IN IP4 192.0.2.20
s=FreeSWITCH
c=IN IP4 192.0.2.20
t=0 0
m=audio 24680 RTP/AVP 9 0 8 101
a=rtpmap:9 G722/8000
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-16
a=ptime:20
"""),
    "FreeSWITCH (mod_sofia gateway) INVITE: transport=udp URI params, Remote-Party-ID "
    "instead of PAI, X- header, sent-by without port.",
    HW + "a FreeSWITCH 1.10 capture")

add("valid", "kamailio-forwarded-invite.sip", sip("""
INVITE sip:+5312345678@203.0.113.5:5060 SIP/2.0
Record-Route: <sip:198.51.100.20;lr;ftag=4c1e6b2a;did=5a3.b2c1>
Via: SIP/2.0/UDP 198.51.100.20;branch=z9hG4bK7a2e.3f9c51b8d6e4a2c07b1d9e3f5a7c2b4e.0
Via: SIP/2.0/UDP 192.0.2.50:5062;received=192.0.2.50;rport=5062;branch=z9hG4bK1839284756
From: "1001" <sip:1001@pbx.example.com>;tag=4c1e6b2a
To: <sip:+5312345678@pbx.example.com>
Call-ID: 0_3918274650@192.0.2.50
CSeq: 2 INVITE
Contact: <sip:1001@192.0.2.50:5062>
Max-Forwards: 69
User-Agent: Yealink SIP-T46S 66.86.0.15
Allow: INVITE, INFO, PRACK, ACK, BYE, CANCEL, OPTIONS, NOTIFY, REGISTER, SUBSCRIBE, REFER, PUBLISH, UPDATE, MESSAGE
Allow-Events: talk,hold,conference,refer,check-sync
P-Asserted-Identity: <sip:1001@pbx.example.com>
Supported: replaces
Content-Type: application/sdp
Content-Length: {CL}
""", """
v=0
o=- 20034 20034 IN IP4 192.0.2.50
s=SDP data
c=IN IP4 192.0.2.50
t=0 0
m=audio 11800 RTP/AVP 0 8 18 9 101
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:18 G729/8000
a=fmtp:18 annexb=no
a=rtpmap:9 G722/8000
a=fmtp:101 0-15
a=rtpmap:101 telephone-event/8000
a=ptime:20
a=sendrecv
"""),
    "INVITE from a Yealink phone forwarded by Kamailio: Record-Route, two Via headers "
    "(top = proxy, second with received/rport), Max-Forwards decremented, To domain "
    "differs from R-URI host.",
    HW + "a Kamailio 5.7 proxy capture")

add("valid", "kamailio-options-keepalive.sip", sip("""
OPTIONS sip:203.0.113.5:5060 SIP/2.0
Via: SIP/2.0/UDP 198.51.100.20;branch=z9hG4bK5e7a.1c9f4e2b000000000000000000000000.0
To: <sip:203.0.113.5:5060>
From: <sip:dispatcher@localhost>;tag=4a6e1c3f9b7d2e50a8c1f6d3e9b2a7c4-2f1e
CSeq: 10 OPTIONS
Call-ID: 6b2d7e4f1a9c3b58-12345@198.51.100.20
Max-Forwards: 70
Content-Length: {CL}
User-Agent: kamailio (5.7.4 (x86_64/linux))
"""),
    "Kamailio dispatcher keepalive OPTIONS: R-URI without user part, From "
    "sip:dispatcher@localhost, Content-Length before User-Agent. Answer 200.",
    HW + "a Kamailio 5.7 (dispatcher module) capture")

add("valid", "cisco-cube-invite.sip", sip("""
INVITE sip:0115312345678@203.0.113.5:5060 SIP/2.0
Via: SIP/2.0/UDP 192.0.2.30:5060;branch=z9hG4bK2A1B3C4D5
Remote-Party-ID: <sip:4085550100@192.0.2.30>;party=calling;screen=no;privacy=off
From: <sip:4085550100@192.0.2.30>;tag=5F3E2D1C-1A2B
To: <sip:0115312345678@203.0.113.5>
Date: Tue, 14 May 2024 09:15:02 GMT
Call-ID: 8A7B6C5D-10FE11EF-8001A2B3-C4D5E6F7@192.0.2.30
Supported: 100rel,timer,resource-priority,replaces,sdp-anat
Min-SE:  1800
Cisco-Guid: 2322478592-0285020655-2147590835-3302414071
User-Agent: Cisco-SIPGateway/IOS-16.12.4
Allow: INVITE, OPTIONS, BYE, CANCEL, ACK, PRACK, UPDATE, REFER, SUBSCRIBE, NOTIFY, INFO, REGISTER
CSeq: 101 INVITE
Timestamp: 1715677502
Contact: <sip:4085550100@192.0.2.30:5060>
Expires: 180
Allow-Events: telephone-event
Max-Forwards: 69
Session-Expires:  1800
Content-Type: application/sdp
Content-Disposition: session;handling=required
Content-Length: {CL}
""", """
v=0
o=CiscoSystemsSIP-GW-UserAgent 4501 1234 IN IP4 192.0.2.30
s=SIP Call
c=IN IP4 192.0.2.30
t=0 0
m=audio 8000 RTP/AVP 0 101
c=IN IP4 192.0.2.30
a=rtpmap:0 PCMU/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-15
a=ptime:20
"""),
    "Cisco CUBE / IOS gateway INVITE (NANP 011 international prefix): Remote-Party-ID, "
    "Cisco-Guid, Timestamp, Expires, double space after ':' in Min-SE / "
    "Session-Expires, Content-Disposition with handling param.",
    HW + "a Cisco CUBE (IOS-XE 16.12) capture")

add("valid", "teams-sbc-invite-tel.sip", sip("""
INVITE sip:+5312345678@203.0.113.5:5060;user=phone SIP/2.0
Via: SIP/2.0/UDP 198.51.100.40:5060;branch=z9hG4bKac1942758304;alias
Max-Forwards: 69
From: <tel:+442079460123>;tag=1c1287425263
To: <tel:+5312345678>
Call-ID: 1f0e9d8c7b6a59483726150493827160@198.51.100.40
CSeq: 1 INVITE
Contact: <sip:+442079460123@198.51.100.40:5060;user=phone>
P-Asserted-Identity: <tel:+442079460123>
Privacy: none
Supported: replaces,100rel,timer
Allow: INVITE,ACK,CANCEL,BYE,OPTIONS,PRACK,UPDATE,REFER,NOTIFY,INFO
Session-Expires: 3600;refresher=uac
Min-SE: 90
X-MS-SBC: Audiocodes/Mediant SW/7.40A.250.003
X-MS-Teams-Tenant-Id: 11111111-2222-3333-4444-555555555555
User-Agent: Mediant SW/v.7.40A.250.003
Content-Type: application/sdp
Content-Length: {CL}
""", """
v=0
o=AudiocodesGW 1944 4382 IN IP4 198.51.100.40
s=Phone-Call
c=IN IP4 198.51.100.40
t=0 0
m=audio 6010 RTP/AVP 8 0 18 101
a=rtpmap:8 PCMA/8000
a=rtpmap:0 PCMU/8000
a=rtpmap:18 G729/8000
a=fmtp:18 annexb=no
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-15
a=ptime:20
a=sendrecv
"""),
    "Microsoft Teams Direct Routing call relayed by an SBC: tel: URIs in From/To/PAI, "
    "R-URI with ;user=phone, Privacy, X-MS-* headers, Via 'alias' flag.",
    HW + "a Microsoft Teams Direct Routing / AudioCodes SBC capture")

add("valid", "sipp-uac-invite.sip", sip("""
INVITE sip:service@127.0.0.1:5060 SIP/2.0
Via: SIP/2.0/UDP 127.0.1.1:5061;branch=z9hG4bK-52771-1-0
From: sipp <sip:sipp@127.0.1.1:5061>;tag=52771SIPpTag001
To: service <sip:service@127.0.0.1:5060>
Call-ID: 1-52771@127.0.1.1
CSeq: 1 INVITE
Contact: sip:sipp@127.0.1.1:5061
Max-Forwards: 70
Subject: Performance Test
Content-Type: application/sdp
Content-Length: {CL}
""", """
v=0
o=user1 53655765 2353687637 IN IP4 127.0.1.1
s=-
c=IN IP4 127.0.1.1
t=0 0
m=audio 6000 RTP/AVP 0
a=rtpmap:0 PCMU/8000
""", cl_fmt="{:>5}"),
    "SIPp built-in 'uac' scenario INVITE: unquoted token display names, Contact "
    "without <>, non-numeric R-URI user 'service', padded Content-Length.",
    HW + "a SIPp 3.7 (sipp -sn uac) capture")

_SIMPLE_SDP = """
v=0
o=- 3912 3912 IN IP4 192.0.2.10
s=-
c=IN IP4 192.0.2.10
t=0 0
m=audio 18000 RTP/AVP 8 0 101
a=rtpmap:8 PCMA/8000
a=rtpmap:0 PCMU/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-16
"""

add("valid", "compact-headers-invite.sip", sip("""
INVITE sip:+5312345678@203.0.113.5 SIP/2.0
v: SIP/2.0/UDP 198.51.100.20:5060;branch=z9hG4bK-c0mp-3, SIP/2.0/UDP 198.51.100.21:5060;branch=z9hG4bK-c0mp-2,SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-c0mp-1;rport=5060;received=192.0.2.10
v: SIP/2.0/TCP 192.0.2.11:5060;branch=z9hG4bK-c0mp-0
Max-Forwards: 67
f: "Alice" <sip:1001@pbx.example.com>;tag=c0mpf00
t: <sip:+5312345678@203.0.113.5>
i: compact-9f8e7d6c5b4a@192.0.2.10
CSeq: 1 INVITE
m: <sip:1001@192.0.2.10:5060>
k: timer, replaces
s: compact form test
c: application/sdp
l: {CL}
""", _SIMPLE_SDP),
    "compact header names v f t i m l k s c; three Via values comma-separated on one "
    "v line (with and without SP after ',') plus a second v line (4 Vias total).",
    HW + "a SIP softphone / proxy chain capture (compact-form variant)")

add("valid", "case-variant-headers-invite.sip", sip("""
INVITE sip:005312345678@203.0.113.5 SIP/2.0
VIA: SIP/2.0/UDP 192.0.2.10:5060;BRANCH=z9hG4bKca5e01;RPORT
max-forwards: 70
FROM: <sip:1001@192.0.2.10>;TAG=ca5ef00
tO: <sip:005312345678@203.0.113.5>
call-id: case-variant-1@192.0.2.10
cSeq: 1 INVITE
CoNtAcT: <sip:1001@192.0.2.10:5060>
content-TYPE: application/sdp
CONTENT-length: {CL}
""", _SIMPLE_SDP),
    "header names (and Via/From parameter names) in odd letter case: VIA, call-id, "
    "cSeq, tO, CONTENT-length, BRANCH, TAG. Names are case-insensitive; branch/tag "
    "values are not.",
    HW + "a PBX capture (case-variant rewrite)")

add("valid", "ipv6-via-invite.sip", sip("""
INVITE sip:+5312345678@[2001:db8::5]:5060 SIP/2.0
Via: SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bKv6a1b2c3d4;rport
Max-Forwards: 70
From: "IPv6 PBX" <sip:1001@[2001:db8::1]>;tag=v6f1a2b3
To: <sip:+5312345678@[2001:db8::5]>
Call-ID: 6f1e2d3c4b5a@2001:db8::1
CSeq: 31 INVITE
Contact: <sip:1001@[2001:db8::1]:5060>
User-Agent: Asterisk PBX 18.20.0
Content-Type: application/sdp
Content-Length: {CL}
""", """
v=0
o=- 4711 4711 IN IP6 2001:db8::1
s=-
c=IN IP6 2001:db8::1
t=0 0
m=audio 16000 RTP/AVP 8 0 101
a=rtpmap:8 PCMA/8000
a=rtpmap:0 PCMU/8000
a=rtpmap:101 telephone-event/8000
"""),
    "IPv6 everywhere: Via sent-by [2001:db8::1]:5060, bracketed IPv6 hosts in "
    "R-URI/From/To/Contact, Call-ID containing ':' characters, SDP IN IP6.",
    HW + "an Asterisk 18 IPv6 trunk capture")

add("valid", "via-rport-received-invite.sip", sip("""
INVITE sip:+5312345678@203.0.113.5 SIP/2.0
Via: SIP/2.0/UDP 198.51.100.30:5060;branch=z9hG4bK0c1d2e3f.1
Via: SIP/2.0/UDP 192.0.2.77:5060;rport=40123;received=203.0.113.77;branch=z9hG4bK71c3e9a2
Max-Forwards: 69
From: <sip:2001@voip.example.com>;tag=77a1b2
To: <sip:+5312345678@voip.example.com>
Call-ID: natted-7e3f9a1c@192.0.2.77
CSeq: 5 INVITE
Contact: <sip:2001@203.0.113.77:40123>
User-Agent: Grandstream GXP1625 1.0.11.23
Content-Type: application/sdp
Content-Length: {CL}
""", """
v=0
o=2001 8000 8000 IN IP4 192.0.2.77
s=SIP Call
c=IN IP4 192.0.2.77
t=0 0
m=audio 5004 RTP/AVP 0 8 101
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:101 telephone-event/8000
"""),
    "NAT traversal: second Via carries rport=<port> and received=<ip> added by the "
    "proxy (RFC 3581); Contact is the public address.",
    HW + "a NAT'd Grandstream phone behind a proxy capture")

_DIAL_HEAD = """
INVITE sip:{num}@203.0.113.5:5060 SIP/2.0
Via: SIP/2.0/UDP 192.0.2.10:5060;rport;branch=z9hG4bKPj{tag}-branch
From: "Reception" <sip:1001@192.0.2.10>;tag={tag}-from
To: <sip:{num}@203.0.113.5>
Contact: <sip:asterisk@192.0.2.10:5060>
Call-ID: {tag}-call@192.0.2.10
CSeq: 6100 INVITE
Max-Forwards: 70
P-Asserted-Identity: "Reception" <sip:1001@192.0.2.10>
User-Agent: Asterisk PBX 18.20.0
Content-Type: application/sdp
Content-Length: {{CL}}
"""


def dial(num, tag):
    return sip(_DIAL_HEAD.format(num=num, tag=tag), _SIMPLE_SDP, cl_fmt="{:>5}")


add("valid", "dial-e164-plus.sip", dial("+5312345678", "d1a1"),
    "dialled number in E.164 form with '+': +5312345678 (country code 53).",
    HW + "an Asterisk 18 (PJSIP) capture")
add("valid", "dial-00-international.sip", dial("005312345678", "d1a2"),
    "dialled number with ITU international prefix 00: 005312345678.",
    HW + "an Asterisk 18 (PJSIP) capture")
add("valid", "dial-011-nanp-international.sip", dial("0115312345678", "d1a3"),
    "dialled number with NANP international prefix 011: 0115312345678.",
    HW + "an Asterisk 18 (PJSIP) capture")
add("valid", "dial-9-0044-outside-line.sip", dial("900442079460123", "d1a4"),
    "outside-line digit 9 followed by 00 44: 900442079460123 (UK number in the Ofcom "
    "drama range 020 7946 0xxx).",
    HW + "an Asterisk 18 (PJSIP) capture")
add("valid", "dial-a00-prefixed-loop.sip", dial("A005312345678", "d1a5"),
    "number already carrying the A00 prefix (A005312345678), i.e. a call coming back "
    "after a TFPS redirect: loop case, must not be redirected again.",
    HW + "an Asterisk 18 (PJSIP) capture")

add("valid", "invite-max-forwards-0.sip", sip("""
INVITE sip:+5312345678@203.0.113.5:5060 SIP/2.0
Via: SIP/2.0/UDP 198.51.100.20;branch=z9hG4bK9f0e.0000mf0.0
Via: SIP/2.0/UDP 192.0.2.10:5060;rport=5060;received=192.0.2.10;branch=z9hG4bKPjmf0
Max-Forwards: 0
From: "Reception" <sip:1001@192.0.2.10>;tag=mf0-from
To: <sip:+5312345678@203.0.113.5>
Contact: <sip:asterisk@192.0.2.10:5060>
Call-ID: mf0-call@192.0.2.10
CSeq: 6101 INVITE
Content-Type: application/sdp
Content-Length: {CL}
""", _SIMPLE_SDP),
    "INVITE with Max-Forwards: 0 (exhausted by a forwarding loop). Syntactically "
    "valid; TFPS should not redirect it (483 Too Many Hops).",
    HW + "a looping proxy capture")

add("valid", "bye-stray.sip", sip("""
BYE sip:tfps@203.0.113.5:5060 SIP/2.0
Via: SIP/2.0/UDP 192.0.2.10:5060;rport;branch=z9hG4bKPj3d2c1b0a-bye
From: <sip:1001@192.0.2.10>;tag=8d3c9f4e-2b7a-4c1d-8e5f-6a7b8c9d0e1f
To: <sip:+5312345678@203.0.113.5>;tag=tfps-5f4e3d2c
Call-ID: 5e4d3c2b-1a09-4f8e-7d6c-5b4a39281706
CSeq: 24816 BYE
Reason: Q.850;cause=16;text="Normal Clearing"
Max-Forwards: 70
User-Agent: Asterisk PBX 18.20.0
Content-Length: {CL}
"""),
    "in-dialog BYE (both tags, Reason header). A redirect-only server has no dialog: "
    "answers 481 Call/Transaction Does Not Exist.",
    HW + "an Asterisk 18 (PJSIP) capture")

add("valid", "register-yealink.sip", sip("""
REGISTER sip:pbx.example.com SIP/2.0
Via: SIP/2.0/UDP 192.0.2.50:5062;branch=z9hG4bK2070137412;rport
From: "1001" <sip:1001@pbx.example.com>;tag=1290381023
To: "1001" <sip:1001@pbx.example.com>
Call-ID: 0_2876543210@192.0.2.50
CSeq: 1 REGISTER
Contact: <sip:1001@192.0.2.50:5062>;reg-id=1;+sip.instance="<urn:uuid:00000000-0000-1000-8000-001565a1b2c3>"
Max-Forwards: 70
User-Agent: Yealink SIP-T46S 66.86.0.15
Expires: 3600
Allow: INVITE, INFO, PRACK, ACK, BYE, CANCEL, OPTIONS, NOTIFY, REGISTER, SUBSCRIBE, REFER, PUBLISH, UPDATE, MESSAGE
Content-Length: {CL}
"""),
    "REGISTER from a desk phone: Contact with +sip.instance (quoted urn:uuid value) "
    "and reg-id. TFPS is not a registrar: parse OK, answer 405/403.",
    HW + "a Yealink T46S capture")

# --- scanners / fraud probes ------------------------------------------------

add("valid", "sipvicious-options.sip", sip("""
OPTIONS sip:100@203.0.113.5 SIP/2.0
Via: SIP/2.0/UDP 198.51.100.66:5060;branch=z9hG4bK-2370305389;rport
Content-Length: {CL}
From: "sipvicious"<sip:100@192.0.2.1>; tag=6335343964343161313363340131353738383937323236
Accept: application/sdp
User-Agent: friendly-scanner
To: "sipvicious"<sip:100@192.0.2.1>
Contact: sip:100@198.51.100.66:5060
CSeq: 1 OPTIONS
Call-ID: 914737583263441521628718
Max-Forwards: 70
"""),
    "SIPVicious svmap probe: User-Agent 'friendly-scanner', quoted display name "
    "glued to the URI bracket, '; tag' with SP, numeric Call-ID, From host not ours (the real tool "
    "uses 1.1.1.1; documentation address used here). Scanner signature.",
    HW + "a SIPVicious svmap capture")

add("valid", "sipvicious-invite.sip", sip("""
INVITE sip:1000@203.0.113.5 SIP/2.0
Via: SIP/2.0/UDP 198.51.100.66:5060;branch=z9hG4bK-3861104357;rport
Content-Length: {CL}
To: "1000"<sip:1000@203.0.113.5>
From: "1000"<sip:1000@203.0.113.5>; tag=3966623834386563313364340132313930343637323437
User-Agent: friendly-scanner
Contact: sip:1000@198.51.100.66:5060
CSeq: 1 INVITE
Call-ID: 188207129419283744092616
Max-Forwards: 70
"""),
    "SIPVicious svwar extension enumeration with INVITE (no body, From = To = target "
    "extension), User-Agent 'friendly-scanner'. Scanner signature.",
    HW + "a SIPVicious svwar (-m INVITE) capture")

add("valid", "sipcli-options.sip", sip("""
OPTIONS sip:203.0.113.5 SIP/2.0
Via: SIP/2.0/UDP 198.51.100.77:5071;branch=z9hG4bK-524287-1---7e9a2c4f6b8d0e13;rport
Max-Forwards: 70
Contact: <sip:sipcli@198.51.100.77:5071>
To: <sip:203.0.113.5>
From: <sip:sipcli@198.51.100.77:5071>;tag=3c8f1e2d
Call-ID: MzY0ZjYyYTc0ZTk4ZjU5YzA1NTM2ZDg3NTM2YjE4YTQ.
CSeq: 1 OPTIONS
Accept: application/sdp
Supported: replaces, timer
User-Agent: sipcli/v1.8
Allow-Events: presence, kpml, talk
Content-Length: {CL}
"""),
    "sipcli reachability probe: User-Agent 'sipcli/v1.8', base64-like Call-ID ending "
    "with '.'. Scanner signature.",
    HW + "a sipcli v1.8 capture")

add("valid", "sipcli-invite.sip", sip("""
INVITE sip:900442079460123@203.0.113.5 SIP/2.0
Via: SIP/2.0/UDP 198.51.100.77:5071;branch=z9hG4bK-524287-1---4a1f0c2e8d9b7a36;rport
Max-Forwards: 70
Contact: <sip:9001@198.51.100.77:5071>
To: <sip:900442079460123@203.0.113.5>
From: <sip:9001@203.0.113.5>;tag=6f2a9c1d
Call-ID: ZDk1ODY2NjYxZWI0MmM0YjA2YjI4ZjY0NjU2OGE3MWI.
CSeq: 1 INVITE
Allow: INVITE, ACK, CANCEL, BYE, NOTIFY, REFER, MESSAGE, OPTIONS, INFO, SUBSCRIBE
Content-Type: application/sdp
User-Agent: sipcli/v1.8
Allow-Events: presence, kpml, talk
Content-Length: {CL}
""", """
v=0
o=- 3910412800 3910412800 IN IP4 198.51.100.77
s=sipcli
c=IN IP4 198.51.100.77
t=0 0
m=audio 8000 RTP/AVP 0 8 101
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:101 telephone-event/8000
a=sendrecv
"""),
    "toll-fraud test call from sipcli: outside-line + international prefix guessing "
    "(9 00 44...), From spoofed with our own host. Fraud signature.",
    HW + "a sipcli v1.8 capture")

add("valid", "vaxsipuseragent-options.sip", sip("""
OPTIONS sip:100@203.0.113.5 SIP/2.0
Via: SIP/2.0/UDP 203.0.113.99:5070;branch=z9hG4bK1916718837;rport
From: "100" <sip:100@203.0.113.5>;tag=3846270123
To: <sip:100@203.0.113.5>
Call-ID: 2739468211@203.0.113.99
CSeq: 1 OPTIONS
Contact: <sip:100@203.0.113.99:5070>
Max-Forwards: 70
User-Agent: VaxSIPUserAgent/3.1
Accept: application/sdp
Content-Length: {CL}
"""),
    "OPTIONS probe with User-Agent 'VaxSIPUserAgent/3.1'. Scanner signature.",
    HW + "a VaxSIPUserAgent capture")

add("valid", "vaxsipuseragent-invite.sip", sip("""
INVITE sip:005312345678@203.0.113.5 SIP/2.0
Via: SIP/2.0/UDP 203.0.113.99:5070;branch=z9hG4bK1290457712;rport
From: "100" <sip:100@203.0.113.5>;tag=1384902775
To: <sip:005312345678@203.0.113.5>
Call-ID: 3317604922@203.0.113.99
CSeq: 1 INVITE
Contact: <sip:100@203.0.113.99:5070>
Max-Forwards: 70
User-Agent: VaxSIPUserAgent/3.1
Allow: INVITE, ACK, CANCEL, BYE, OPTIONS
Content-Type: application/sdp
Content-Length: {CL}
""", """
v=0
o=VaxSIPUserAgent 1 1 IN IP4 203.0.113.99
s=VaxSIPUserAgent
c=IN IP4 203.0.113.99
t=0 0
m=audio 40000 RTP/AVP 0 8 18 101
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:18 G729/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-15
"""),
    "toll-fraud INVITE to an international number from a VaxSIPUserAgent bot, From "
    "claiming extension 100 at our own host. Fraud signature.",
    HW + "a VaxSIPUserAgent capture")

# ===========================================================================
# 4. Hand-written malformed messages (invalid)
# ===========================================================================

_BASE_HEADERS = [
    "Via: SIP/2.0/UDP 192.0.2.10:5060;rport;branch=z9hG4bKPjbad-{t}",
    "From: \"Reception\" <sip:1001@192.0.2.10>;tag=bad-{t}-from",
    "To: <sip:005312345678@203.0.113.5>",
    "Contact: <sip:asterisk@192.0.2.10:5060>",
    "Call-ID: bad-{t}@192.0.2.10",
    "CSeq: 7000 INVITE",
    "Max-Forwards: 70",
    "User-Agent: Asterisk PBX 18.20.0",
    "Content-Type: application/sdp",
    "Content-Length: {{CL}}",
]
_REQ_LINE = "INVITE sip:005312345678@203.0.113.5:5060 SIP/2.0"


def bad(tag, drop=None, replace=None, request_line=_REQ_LINE, extra=(), body=None):
    """Base INVITE with one header removed/replaced or extra lines appended."""
    lines = []
    for h in _BASE_HEADERS:
        h = h.format(t=tag)
        name = h.split(":", 1)[0]
        if drop and name == drop:
            continue
        if replace and name in replace:
            h = replace[name]
        lines.append(h)
    lines[-1:-1] = list(extra)   # before Content-Length
    head = "\n".join([request_line] + lines)
    return sip(head, _SIMPLE_SDP if body is None else body)


add("invalid", "invalid-missing-via.sip", bad("novia", drop="Via"),
    "INVITE without any Via header. No response address: drop (or 400 if answered "
    "by source address).",
    HW + "an Asterisk 18 capture (header removed)")
add("invalid", "invalid-missing-cseq.sip", bad("nocseq", drop="CSeq"),
    "INVITE without CSeq. Reject with 400.",
    HW + "an Asterisk 18 capture (header removed)")
add("invalid", "invalid-missing-call-id.sip", bad("nocallid", drop="Call-ID"),
    "INVITE without Call-ID. Reject with 400.",
    HW + "an Asterisk 18 capture (header removed)")
add("invalid", "invalid-missing-from.sip", bad("nofrom", drop="From"),
    "INVITE without From. Reject with 400.",
    HW + "an Asterisk 18 capture (header removed)")
add("invalid", "invalid-missing-to.sip", bad("noto", drop="To"),
    "INVITE without To. Reject with 400.",
    HW + "an Asterisk 18 capture (header removed)")
add("invalid", "invalid-cseq-non-numeric.sip",
    bad("cseqnan", replace={"CSeq": "CSeq: abc INVITE"}),
    "CSeq sequence number is not numeric ('abc INVITE'). Reject with 400.",
    HW + "an Asterisk 18 capture (header altered)")
add("invalid", "invalid-content-length-huge.sip",
    bad("clhuge", replace={"Content-Length": "Content-Length: 99999999999999999999"}),
    "Content-Length 99999999999999999999 (> 2**64, body is %d bytes): must not "
    "overflow, allocate or wait for it. Reject (UDP: 400/drop; TCP: close)."
    % len(crlf(_SIMPLE_SDP)),
    HW + "an Asterisk 18 capture (header altered)")
add("invalid", "invalid-header-without-colon.sip",
    bad("nocolon", extra=["X-Broken-Header this line has no colon"]),
    "a header line with no ':' separator. Reject with 400.",
    HW + "an Asterisk 18 capture (line added)")
add("invalid", "invalid-request-line-missing-version.sip",
    bad("nover", request_line="INVITE sip:005312345678@203.0.113.5:5060"),
    "request line without SIP-Version (method and URI only). Reject with 400 / drop.",
    HW + "an Asterisk 18 capture (request line altered)")
add("invalid", "invalid-request-line-sip3.sip",
    bad("sip3", request_line="INVITE sip:005312345678@203.0.113.5:5060 SIP/3.0"),
    "request line with SIP/3.0 (Via still 2.0). Reject with 505 Version Not "
    "Supported.",
    HW + "an Asterisk 18 capture (request line altered)")

_nul_body = crlf(_SIMPLE_SDP)
_nul_head = "\n".join([
    "INVITE sip:005312345678@203.0.113.5:5060 SIP/2.0",
    "Via: SIP/2.0/UDP 192.0.2.10:5060;rport;branch=z9hG4bKPjbad-nul",
    "From: \"Reception\" <sip:1001@192.0.2.10>;tag=bad-nul-from",
    "To: <sip:0053\x0012345678@203.0.113.5>",
    "Contact: <sip:asterisk@192.0.2.10:5060>",
    "Call-ID: bad-nul\x00hidden@192.0.2.10",
    "CSeq: 7000 INVITE",
    "Max-Forwards: 70",
    "User-Agent: Asterisk\x00PBX 18.20.0",
    "Content-Type: application/sdp",
    "Content-Length: %d" % len(_nul_body),
])
add("invalid", "invalid-nul-in-headers.sip", crlf(_nul_head) + b"\r\n\r\n" + _nul_body,
    "raw NUL (0x00) bytes inside header values: in the To user part (0053<NUL>12345678 "
    "-- C-string truncation would hide the real destination), Call-ID and "
    "User-Agent. Reject with 400 (or drop).",
    HW + "an Asterisk 18 capture (NUL bytes injected)")

_long_prefix = "X-Padding: "
_long_line = _long_prefix + "A" * (20000 - len(_long_prefix))
assert len(_long_line) == 20000
_longmsg = bad("longline", extra=[_long_line])
add("invalid", "invalid-header-line-20000-bytes.sip", _longmsg,
    "one header line of exactly 20,000 bytes (excluding CRLF), message %d bytes "
    % len(_longmsg) +
    "(larger than a typical UDP datagram / parser line limit). Reject (400 / 513 "
    "Message Too Large) or drop; must not exhaust memory.",
    HW + "an Asterisk 18 capture (padding header added)")

add("invalid", "invalid-300-headers.sip",
    bad("many", extra=["X-Filler-%03d: %d" % (i, i) for i in range(1, 301)]),
    "300 extra extension headers (310 header fields in total). Reject via a "
    "header-count limit (400/513) or drop; must not degrade quadratically.",
    HW + "an Asterisk 18 capture (filler headers added)")


def _garbage(n):
    out = b""
    seed = b"tfps-corpus-binary-garbage"
    while len(out) < n:
        seed = hashlib.sha256(seed).digest()
        out += seed
    return b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + out[:n - 11]


add("invalid", "invalid-binary-garbage.sip", _garbage(512),
    "512 bytes of binary noise (starts like a TLS ClientHello, then pseudo-random "
    "bytes). Not SIP: drop.",
    "hand-written (deterministic SHA-256 byte stream)", raw=True)

add("invalid", "invalid-empty.sip", b"",
    "empty datagram (0 bytes). Drop.",
    "hand-written", raw=True)

add("invalid", "invalid-only-crlf.sip", b"\r\n\r\n\r\n\r\n",
    "only CRLFs (like an RFC 5626 CRLF keep-alive, doubled). Not a request: ignore / "
    "drop (RFC 3261 7.5 says leading CRLFs are skipped).",
    "hand-written", raw=True)

_trunc_full = bad("trunc")
_trunc_at = _trunc_full.index(b"Call-ID: bad-trunc") + len(b"Call-ID: bad-t")
add("invalid", "invalid-truncated-mid-header.sip", _trunc_full[:_trunc_at],
    "INVITE cut off in the middle of the Call-ID header line (no CRLF, no empty line, "
    "no body). UDP: drop / 400; TCP: keep waiting, then time out.",
    HW + "an Asterisk 18 capture (truncated)", raw=True)


# ===========================================================================
# Checks
# ===========================================================================

ALLOWED_NETS = [ipaddress.ip_network(n) for n in (
    "127.0.0.0/8", "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24",
    "2001:db8::/32")]


def split_message(data):
    i = data.find(b"\r\n\r\n")
    if i < 0:
        return data, None
    return data[:i], data[i + 4:]


def content_lengths(head):
    unfolded = re.sub(rb"\r\n[ \t]+", b" ", head)
    values = []
    for line in unfolded.split(b"\r\n")[1:]:
        if b":" not in line:
            continue
        name, value = line.split(b":", 1)
        if name.strip().lower() in (b"content-length", b"l"):
            values.append(value.strip())
    return values


def check(folder, name, data, opts):
    problems = []
    if opts.get("raw"):
        return problems
    head, body = split_message(data)
    if body is None:
        return ["no empty line after the header section"]
    if re.search(rb"(?<!\r)\n", head) or re.search(rb"\r(?!\n)", head):
        problems.append("bare CR or LF in header section")
    if folder == "valid" and opts.get("cl_check", True):
        cls = content_lengths(head)
        if len(cls) != 1:
            problems.append("expected exactly one Content-Length, got %r" % cls)
        elif int(cls[0]) != len(body):
            problems.append("Content-Length %s != body %d" % (cls[0].decode(), len(body)))
    if not name.startswith("rfc4475-"):
        text = "\n".join(
            ln for ln in data.decode("latin-1").split("\r\n")
            if not re.match(r"(?i)(user-agent|server)\s*:", ln))
        for m in re.finditer(r"(?<![\w.])(\d{1,3}(?:\.\d{1,3}){3})(?![\w.])", text):
            ip = ipaddress.ip_address(m.group(1))
            if not any(ip in n for n in ALLOWED_NETS):
                problems.append("IPv4 outside documentation ranges: %s" % ip)
        for m in re.finditer(r"\[([0-9a-fA-F:]+)\]", text):
            ip = ipaddress.ip_address(m.group(1))
            if not any(ip.version == n.version and ip in n for n in ALLOWED_NETS):
                problems.append("IPv6 outside 2001:db8::/32: %s" % ip)
    return problems


# Content-Length arithmetic of the RFC vectors we could not check above
# (invalid ones): the declared value must match the body where the RFC
# intends it to (i.e. everywhere except clerr/ncl/mcl01).
RFC_INVALID_CL_OK = {"rfc4475-badinv01.sip", "rfc4475-quotbal.sip",
                     "rfc4475-ltgtruri.sip", "rfc4475-lwsruri.sip",
                     "rfc4475-lwsstart.sip", "rfc4475-escruri.sip",
                     "rfc4475-baddate.sip", "rfc4475-mismatch02.sip",
                     "rfc4475-insuf.sip", "rfc4475-multi01.sip"}


def self_test():
    errors = []
    for folder, name, data, _ex, _src, opts in CASES:
        for p in check(folder, name, data, opts):
            errors.append("%s/%s: %s" % (folder, name, p))
        if name in RFC_INVALID_CL_OK:
            head, body = split_message(data)
            cls = content_lengths(head)
            if len(cls) != 1 or int(cls[0]) != len(body):
                errors.append("%s: RFC Content-Length arithmetic off (%r vs %d)"
                              % (name, cls, len(body)))
    # dblreq: the first message's Content-Length (0) is what frames it
    d = [c for c in CASES if c[1] == "rfc4475-dblreq.sip"][0][2]
    h, b = split_message(d)
    if content_lengths(h) != [b"0"] or not b.startswith(b"INVITE sip:joe@example.com"):
        errors.append("dblreq layout unexpected")
    if errors:
        sys.exit("self-test failed:\n  " + "\n  ".join(errors))


# ===========================================================================
# README
# ===========================================================================

README_HEAD = """\
# SIP message corpus (test resources)

One SIP message per file, stored as the exact bytes seen on the wire: CRLF
line endings, header section terminated by an empty CRLF line, and (for valid
messages) a Content-Length equal to the real body size. Files may contain
NUL, control and non-UTF-8 bytes -- read them as `byte[]`, never as text with
newline conversion. `.gitattributes` marks `*.sip` as binary so git never
rewrites their line endings.

* `valid/` -- a UAS must parse these successfully. Some are still answered
  with an error *after* parsing (e.g. 416, 420, 481, 501, 483); the column
  "what it exercises" gives the expected handling.
* `invalid/` -- a UAS must reject these (400 or another 4xx/5xx such as 505,
  or silently drop them when no response can or should be sent).
* Classification of RFC 4475 vectors follows the RFC (syntactically valid vs
  invalid). Where the RFC allows a liberal receiver to accept an invalid
  message (lwsstart, trws, baddate, ltgtruri, escruri, badaspec) the file is
  still in `invalid/`; a lenient parser is allowed to accept those.

**Do not edit the `.sip` files or this README by hand.** They are produced by
`generate.py` (Python 3, standard library only):

    python3 generate.py          # rewrite all files (deterministic)
    python3 generate.py --check  # exit 1 if any file differs from the generator

The generator self-checks CRLF usage, Content-Length of valid messages, the
RFC Content-Length arithmetic, and that hand-written messages only use
127.0.0.0/8, 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 and 2001:db8::/32
addresses (RFC 4475 vectors keep their original addresses).

## RFC 4475 provenance

RFC 4475 vectors were reproduced from the RFC's message text (section 3),
expanding `<hex>` notation and `<allOneLine>` blocks; they were not extracted
from the base64 archive in the RFC appendix. Notes on reconstruction:

* `intmeth`: the `<hex>` bytes (BEL/NUL/DEL quoted-pairs, UTF-8 values) are
  written as raw bytes.
* `mpart01`: the binary body part is the 342-byte DER blob from the RFC hex
  dump, followed by CRLF before the closing boundary; total body = 553 octets
  as declared.
* `multi01`: the body ends with an extra CRLF so it matches the declared
  `l: 154` (the SDP alone is 152 octets).
* `dblreq`: a single empty line separates the REGISTER (Content-Length: 0)
  from the trailing INVITE octets; those octets (including the RFC's
  `m =video` typo and its Content-Length: 150) are reproduced as-is.

Skipped RFC 4475 cases (not applicable to a UAS receiving requests):

| case | section | reason |
| --- | --- | --- |
| unreason | 3.1.1.12 | response (200 with unusual reason phrase) |
| noreason | 3.1.1.13 | response (100 with empty reason phrase) |
| scalarlg | 3.1.2.5 | response (503 with out-of-range scalars) |
| bigcode | 3.1.2.19 | response (status code 4294967301) |
| bcast | 3.3.10 | response with a broadcast Via address |
| unksm2 | 3.3.4 | REGISTER with non-SIP To/From/Contact schemes: registrar-only behaviour |
| regaut01 | 3.3.7 | REGISTER with unknown Authorization scheme: registrar-only |
| cparam01 | 3.3.12 | REGISTER Contact parameter handling: registrar-only |
| cparam02 | 3.3.13 | REGISTER Contact parameter handling: registrar-only |
| regescrt | 3.3.14 | REGISTER Contact with escaped Route header: registrar-only |

Mapping of generic malformed-message cases to RFC vectors (no duplicate
hand-written file): request line with two spaces -> `rfc4475-lwsstart.sip`;
CSeq method mismatch -> `rfc4475-mismatch01.sip`; negative Content-Length ->
`rfc4475-ncl.sip`; Content-Length larger than the body -> `rfc4475-clerr.sip`;
two different Content-Length headers -> `rfc4475-mcl01.sip`.

## Files
"""


def readme():
    rows = ["| file | class | what it exercises (expected UAS handling) | source |",
            "| --- | --- | --- | --- |"]
    for folder, name, data, ex, src, _opts in sorted(
            CASES, key=lambda c: (c[0] != "valid", c[1])):
        rows.append("| `%s/%s` | %s | %s | %s |" % (
            folder, name, folder, ex.replace("|", "\\|").replace("<", "&lt;")
            .replace(">", "&gt;"), src))
    nv = sum(1 for c in CASES if c[0] == "valid")
    ni = len(CASES) - nv
    tail = "\n%d files: %d valid, %d invalid.\n" % (len(CASES), nv, ni)
    return (README_HEAD + "\n" + "\n".join(rows) + "\n" + tail).encode("utf-8")


def outputs():
    out = {}
    for folder, name, data, *_ in CASES:
        out[os.path.join(folder, name)] = data
    out["README.md"] = readme()
    return out


def main(argv):
    self_test()
    wanted = outputs()
    if "--check" in argv:
        bad_files = []
        for rel, data in wanted.items():
            p = os.path.join(HERE, rel)
            if not os.path.exists(p) or open(p, "rb").read() != data:
                bad_files.append(rel)
        for folder in ("valid", "invalid"):
            d = os.path.join(HERE, folder)
            for f in (os.listdir(d) if os.path.isdir(d) else []):
                if f.endswith(".sip") and os.path.join(folder, f) not in wanted:
                    bad_files.append(os.path.join(folder, f) + " (stale)")
        if bad_files:
            print("out of date:\n  " + "\n  ".join(sorted(bad_files)))
            return 1
        print("corpus up to date (%d files)" % len(wanted))
        return 0
    for folder in ("valid", "invalid"):
        d = os.path.join(HERE, folder)
        os.makedirs(d, exist_ok=True)
        for f in os.listdir(d):
            if f.endswith(".sip") and os.path.join(folder, f) not in wanted:
                os.remove(os.path.join(d, f))
    for rel, data in wanted.items():
        with open(os.path.join(HERE, rel), "wb") as fh:
            fh.write(data)
    nv = sum(1 for c in CASES if c[0] == "valid")
    print("wrote %d valid, %d invalid messages + README.md" % (nv, len(CASES) - nv))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
