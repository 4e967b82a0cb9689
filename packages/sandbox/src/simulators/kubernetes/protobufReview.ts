import { badRequest } from './kubeStatus';

/** Kubernetes' protobuf envelope: "k8s\0", then a runtime.Unknown message. */
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

type Fields = Map<number, Buffer[]>;

/** The length-delimited (and varint) fields of one protobuf message. */
function fieldsOf(message: Buffer): Fields {
  const fields: Fields = new Map();
  let at = 0;
  const varint = () => {
    let value = 0;
    let shift = 0;
    for (;;) {
      if (at >= message.length) throw new Error('truncated varint');
      const byte = message[at++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
      shift += 7;
    }
  };
  while (at < message.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    switch (key & 7) {
      case 0:
        varint();
        break;
      case 2: {
        const length = varint();
        if (at + length > message.length) throw new Error('truncated field');
        const value = message.subarray(at, at + length);
        at += length;
        fields.set(field, [...(fields.get(field) ?? []), value]);
        break;
      }
      case 1:
        at += 8;
        break;
      case 5:
        at += 4;
        break;
      default:
        throw new Error(`wire type ${key & 7}`);
    }
  }
  return fields;
}

const text = (fields: Fields, n: number) =>
  fields.get(n)?.[0]?.toString('utf8') ?? '';
const message = (fields: Fields, n: number) => {
  const value = fields.get(n)?.[0];
  return value ? fieldsOf(value) : undefined;
};

/**
 * A SelfSubjectAccessReview or SelfSubjectRulesReview sent as protobuf
 * (`application/vnd.kubernetes.protobuf`, what kubectl sends for built-in
 * types), read into its JSON form. Only the fields these reviews have
 * (k8s.io/api/authorization/v1 generated.proto) are read.
 */
export function decodeReview(body: Buffer): Record<string, unknown> {
  try {
    if (!body.subarray(0, 4).equals(MAGIC)) {
      throw new Error('no k8s protobuf envelope');
    }
    const unknown = fieldsOf(body.subarray(4));
    const typeMeta = message(unknown, 1);
    const kind = typeMeta ? text(typeMeta, 2) : '';
    const apiVersion = typeMeta ? text(typeMeta, 1) : '';
    const review = fieldsOf(unknown.get(2)?.[0] ?? Buffer.alloc(0));
    const spec = message(review, 2) ?? new Map();
    if (kind === 'SelfSubjectRulesReview') {
      return { kind, apiVersion, spec: { namespace: text(spec, 1) } };
    }
    const resource = message(spec, 1);
    const nonResource = message(spec, 2);
    return {
      kind,
      apiVersion,
      spec: {
        ...(resource && {
          resourceAttributes: {
            namespace: text(resource, 1),
            verb: text(resource, 2),
            group: text(resource, 3),
            version: text(resource, 4),
            resource: text(resource, 5),
            subresource: text(resource, 6),
            name: text(resource, 7),
          },
        }),
        ...(nonResource && {
          nonResourceAttributes: {
            path: text(nonResource, 1),
            verb: text(nonResource, 2),
          },
        }),
      },
    };
  } catch (error) {
    throw badRequest(`error decoding the protobuf body: ${error}`);
  }
}
