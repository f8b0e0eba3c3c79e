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

/**
 * What an element inside <appSettings> does to RpcTcpPort, as .NET reads the
 * section in order: <add> sets it (a later one wins), <remove> with its key
 * and <clear/> unset what came before. null: nothing.
 */
function appSetting(path: readonly string[], attributes: Record<string, string>): { add: boolean; value: string } | 'clear' | null {
  if (path.length !== 3 || path[0] !== 'configuration' || path[1] !== 'appSettings') return null;
  const element = path[2];
  if (element === 'clear') return 'clear';
  if (element !== 'add' && element !== 'remove') return null;
  if (attributes['key']?.toLowerCase() !== 'rpctcpport') return null;
  return { add: element === 'add', value: attributes['value'] ?? '' };
}

export function addressBookPortFromConfig(text: string, file: string): PortSetting | null {
  const parser = sax.parser(true, { position: true });
  const path: string[] = [];
  let found: PortSetting | null = null;
  parser.onerror = (err) => {
    throw new UserError(`${file}:${parser.line + 1}: not a well-formed XML file (${err.message.split('\n')[0]})`);
  };
  let roots = 0;
  parser.onopentag = (tag) => {
    // sax takes a second root element; .NET refuses such a file, and which root counts would be a guess.
    if (path.length === 0 && ++roots > 1) {
      throw new UserError(`${file}:${parser.line + 1}: not a well-formed XML file (a second root element <${tag.name}>)`);
    }
    path.push(tag.name);
    const setting = appSetting(path, tag.attributes as Record<string, string>);
    if (setting === 'clear') found = null;
    else if (setting !== null) found = setting.add ? portSetting(setting.value, setting.value, file, parser.line + 1) : null;
  };
  parser.onclosetag = () => {
    path.pop();
  };
  parser.write(withoutBom(text)).close();
  return found;
}
