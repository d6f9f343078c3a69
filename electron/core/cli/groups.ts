import { Command } from 'commander';
import { common, printJson, withCore, type CommonOptions } from './context';
import type { Io } from './output';

export function groupsCommand(io: Io): Command {
  const cmd = new Command('groups').description('contact groups');
  common(cmd.command('list'))
    .description('list groups with their sizes')
    .action(async (o: CommonOptions) => {
      await withCore(o, async (call) => {
        const groups = await call('groups:list', {});
        if (o.json) printJson(io, groups);
        else if (groups.length === 0) io.out('No groups.');
        else for (const g of groups) io.out(`${String(g.id).padStart(4)}  ${g.name}  (${g.size})`);
      });
    });
  common(cmd.command('add'))
    .description('create a group')
    .argument('<name>', 'group name')
    .action(async (name: string, o: CommonOptions) => {
      await withCore(o, async (call) => {
        const g = await call('groups:create', { name });
        if (o.json) printJson(io, g);
        else io.out(`Created group ${g.id}: ${g.name}`);
      });
    });
  return cmd;
}
