/**
 * The Address Book port of Exchange 2010 RTM, from
 * Microsoft.Exchange.AddressBook.Service.exe.config:
 * <configuration><appSettings><add key="RpcTcpPort" value="..."/>.
 * Read with sax, a maintained streaming XML parser that knows line numbers.
 */
import sax from 'sax';
import { withoutBom } from '../../util/bom.js';
import { UserError } from '../../util/errors.js';
import type { PortSetting } from '../../snapshot/model.js';
import { portSetting } from './ports.js';


export function addressBookPortFromConfig(text: string, file: string): PortSetting | null {
  const parser = sax.parser(true, { position: true });
  const path: string[] = [];
  let found: PortSetting | null = null;
  parser.onerror = (err) => {
    throw new UserError(`${file}:${parser.line + 1}: not a well-formed XML file (${err.message.split('\n')[0]})`);
  };
  parser.onopentag = (tag) => {
    path.push(tag.name);
    if (path.join('/') !== 'configuration/appSettings/add') return;
    const attributes = tag.attributes as Record<string, string>;
    if (attributes['key']?.toLowerCase() !== 'rpctcpport') return;
    const value = attributes['value'] ?? '';
    // .NET reads appSettings in order: a later entry for the same key wins.
    found = portSetting(value, value, file, parser.line + 1);
  };
  parser.onclosetag = () => {
    path.pop();
  };
  parser.write(withoutBom(text)).close();
  return found;
}
