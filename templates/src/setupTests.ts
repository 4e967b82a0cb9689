// RJSF warns that "enumNames" is deprecated in favour of "ui:enumNames". The
// template keeps enumNames on purpose: the scaffolder's review step reads the
// labels from there, so the review shows "Aurora PostgreSQL Serverless v2"
// rather than "aurora-serverless-v2". Only that warning is silenced.
const warn = console.warn;
console.warn = (...args: unknown[]) => {
  if (
    String(args[0]).includes('"enumNames" property in the schema is deprecated')
  )
    return;
  warn(...args);
};
