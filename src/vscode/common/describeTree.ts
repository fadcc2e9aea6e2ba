import * as vscode from 'vscode';

/** A tree item as plain data. */
export interface DescribedItem {
  readonly label: string;
  readonly description: string | undefined;
  readonly children?: readonly DescribedItem[];
}

/**
 * What a tree view shows, as plain data, for the `marginalia.describe…` commands: scripts and
 * tests cannot read a tree view's items from outside the extension. Collapsed or not, every level.
 */
export function describeTree<T>(provider: { getChildren(node?: T): T[]; getTreeItem(node: T): vscode.TreeItem }, node?: T): DescribedItem[] {
  return provider.getChildren(node).map((child) => {
    const item = provider.getTreeItem(child);
    const children = describeTree(provider, child);
    return {
      label: typeof item.label === 'string' ? item.label : (item.label?.label ?? ''),
      description: typeof item.description === 'string' ? item.description : undefined,
      ...(children.length > 0 ? { children } : {}),
    };
  });
}
