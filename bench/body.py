#!/usr/bin/env python3
"""The body of a synchronous evaluation of N records (default 100): the same body as `listguard bench http`."""
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
recs = []
for i in range(n):
    recs.append('{"id":"r-%d","kind":"PERSON","email":"p%d@example.org","segments":["%s"],'
                '"consents":[{"channel":"EMAIL","givenOn":"2026-03-01","proofRef":"form#%d","renterNamed":%s}],'
                '"optedOut":%s,"lastActivityOn":"2026-03-01"}'
                % (i, i, "RETIRED" if i % 7 == 0 else "FAMILY_WITH_CHILDREN", i, "true" if i % 11 != 0 else "false",
                   "true" if i % 23 == 0 else "false"))
sys.stdout.write('{"campaign":{"id":"LOAD","audience":"CONSUMER","channel":"EMAIL","offerCategory":"CHILDCARE",'
                 '"startDate":"2026-12-01","endDate":"2026-12-20","sender":{"name":"Acme","identified":true},"optOut":"LINK",'
                 '"sourceDisclosed":true},"file":{"id":"F-LOAD","provider":{"name":"DataCo","certifications":["SNCD"],'
                 '"certifiedUntil":"2027-06-30"},"pricePerThousand":300.0},"records":[' + ",".join(recs) + "]}")
