/**
 * Catalogue part: sync. Spread into zh-CN.ts and en.ts; the English half is typed by the
 * Chinese one, so a missing or extra key fails to compile.
 *
 * The backend's messages for bundles and enrollment: every `error.sync.*` key a SyncRefusal,
 * a BundleError (`error.sync.bundle.<code>`) or a sync handler raises, the sync jobs' phases
 * (`sync.phase.<phase>` in job.progress events) and the notes a result carries. Keys of the
 * status and inbox pages live in sync-ui.ts.
 */
export const syncZhCN = {
  // Peers
  'error.sync.peer.unknown': '找不到该同步节点，请检查是否已登记',
  'error.sync.peer.retired': '该同步节点已停用，不能再向其发送同步包',
  'error.sync.peer.noKey': '该同步节点没有可用的公钥，无法生成同步包',

  // Receiving a bundle: the order in which they are checked
  'error.sync.bundle.notBundle': '该文件不是 BrokerDesk 同步包',
  'error.sync.bundle.truncated': '同步包不完整（文件被截断），请重新拷贝或让对方重新生成',
  'error.sync.bundle.newerFormat': '同步包格式版本为 {{version}}，本程序只支持到 {{supported}}，请先升级本程序',
  'error.sync.bundle.unknownKey': '同步包的签名密钥不认识：它不是由已登记的节点生成的',
  'error.sync.bundle.retiredKey': '同步包由已停用的密钥签名，已拒收',
  'error.sync.bundle.badSignature': '同步包签名校验失败：文件已损坏或被篡改',
  'error.sync.bundle.badManifest': '同步包的清单无效，已拒收',
  'error.sync.bundle.notForUs': '该同步包是发给其他节点的，不是发给本节点的',
  'error.sync.bundle.badPayload': '同步包内容校验失败：文件已损坏或被篡改',
  'error.sync.bundle.tooLarge': '同步包解压后过大，已拒收',
  'error.sync.bundle.badItem': '同步包第 {{line}} 条记录无效，整个同步包未导入',
  'error.sync.bundle.notSenders': '同步包第 {{line}} 条记录不是发送方营业部可以发送的（来源节点或所改数据属于其他节点），整个同步包未导入',
  'error.sync.bundle.gap': '缺少之前的同步包（第 {{missingFrom}} 至 {{missingTo}} 项），请先导入缺少的同步包，或让对方重新生成一个',
  'error.sync.bundle.behind':
    '本数据库落后于对方已收到的内容（对方已应用本方第 {{acked}} 项，本库只编号到第 {{numbered}} 项），可能是从旧备份恢复的。请勿继续用本库交换同步包：营业部请联系总部重新登记本营业部；总部请恢复最新的备份',
  'error.sync.bundle.peerBehind':
    '发送方的数据库落后于它之前发来的内容（这次只确认到本方第 {{acked}} 项，之前已确认到第 {{before}} 项），可能是从旧备份恢复的。本同步包未导入：营业部须由总部停用后重新登记；总部须恢复最新的备份',
  'error.sync.bundle.peerRenumbered':
    '发送方的数据库落后于它之前发来的内容（这次只编号到第 {{numbered}} 项，本方已应用它的第 {{applied}} 项），可能是从旧备份恢复的。本同步包未导入：营业部须由总部停用后重新登记；总部须恢复最新的备份',
  'error.sync.bundle.reusedOp':
    '同步包第 {{line}} 条记录与本库已收到的同一编号的操作不同：它的来源节点重复使用了操作编号，其数据库可能是从旧备份恢复的。本同步包未导入：营业部须由总部停用后重新登记；总部须恢复最新的备份',
  'error.sync.bundle.fileTooLarge': '文件过大（{{bytes}} 字节，上限 {{limit}} 字节），不是可接收的同步包',
  'error.sync.bundle.unreadable': '无法读取该文件，请检查文件是否存在、是否有权限',
  'error.sync.bundle.writeFailed': '无法写入同步包文件，请检查目标位置的空间和权限',
  'error.sync.bundle.allAtBranch': '只有总部可以为所有营业部生成同步包',
  'error.sync.bundle.noPeers': '还没有已登记的营业部',
  'error.sync.busy': '另一个同步任务正在进行，请等它完成后再试',
  'error.sync.hqDataAtBranch': '这是总部维护的数据（组织机构、总部用户、产品、问卷），只能在总部系统中修改：在营业部改了，总部也不会接受',
  'error.sync.folder.notSet': '尚未设置共享文件夹',
  'error.sync.bundle.otherBranch': '只能为本营业部制作同步包',
  'error.sync.folder.notAbsolute': '请填写文件夹的完整路径，如 D:\\同步包 或 \\\\服务器\\共享\\同步包',
  'error.sync.folder.notFound': '找不到这个文件夹，请先创建它或检查网络共享是否已连接',
  'error.sync.folder.notFolder': '这个路径是一个文件，不是文件夹',
  'error.sync.folder.notWritable': '无法在这个文件夹中写入文件，请检查文件夹权限',

  // Enrollment and key escrow
  'error.sync.enroll.notHq': '只有总部可以登记营业部',
  'error.sync.enroll.notBranch': '请选择一个有效的营业部',
  'error.sync.enroll.already': '该营业部已经登记，如需重新登记请先停用原节点',
  'error.sync.enroll.badPassphrase': '一次性口令不正确',
  'error.sync.enroll.notEnrollment': '该文件不是有效的登记文件',
  'error.sync.enroll.newerSchema': '登记文件来自更新的版本（数据结构 {{theirs}}，本程序 {{ours}}），请先升级本程序',
  'error.sync.enroll.notEmpty': '目标数据库不是空的，只能登记到新的数据库',
  'error.sync.enroll.expired': '登记文件制作于 {{made}}，已超过 {{days}} 天有效期，请联系总部停用该节点并重新登记',
  'error.sync.enroll.writeFailed': '无法写入登记文件，请检查目标位置的空间和权限',
  'error.sync.recovery.none': '没有该节点的密钥托管记录',
  'error.sync.recovery.badPassphrase': '恢复口令不正确（首次登记营业部时显示的那一个）',
  'error.sync.recovery.notRecovery': '该文件不是有效的密钥恢复文件',
  'error.sync.recovery.expired': '恢复文件制作于 {{made}}，已超过 {{days}} 天有效期，请联系总部重新制作',
  'error.sync.recovery.noDatabase': '这台电脑上没有营业部数据库：恢复文件只能用于已有的数据库',
  'error.sync.recovery.otherDatabase': '该恢复文件不属于这个数据库（可能是其他营业部的，或本营业部重新登记之前的）',
  'error.sync.recovery.writeFailed': '无法写入恢复文件，请检查目标位置的空间和权限',

  'validation.sync.nodeId': '节点编号格式不正确',
  'validation.sync.target': '请选择文件，或选择写入共享文件夹（二选一）',

  // Results and job phases
  'sync.result.duplicate': '该同步包已经接收过，未做任何更改',
  'sync.result.newerSchema': '对方使用更新的版本：{{parked}} 项更改需升级本程序后才能应用，已暂存',
  'sync.phase.verify': '校验',
  'sync.phase.apply': '应用',
  'sync.phase.export': '生成同步包',
  'sync.phase.enroll': '生成登记数据',
  'sync.phase.write': '写入文件',
} as const;

export const syncEn: Record<keyof typeof syncZhCN, string> = {
  'error.sync.peer.unknown': 'No such sync node: check that it is enrolled',
  'error.sync.peer.retired': 'This sync node is retired: no bundle can be made for it',
  'error.sync.peer.noKey': 'This sync node has no usable public key: no bundle can be made for it',

  'error.sync.bundle.notBundle': 'This file is not a BrokerDesk sync bundle',
  'error.sync.bundle.truncated': 'The bundle is incomplete (the file was cut short): copy it again or ask for a new one',
  'error.sync.bundle.newerFormat': 'The bundle is in format version {{version}}; this version reads up to {{supported}}: update the app first',
  'error.sync.bundle.unknownKey': 'The bundle is signed by an unknown key: no enrolled node made it',
  'error.sync.bundle.retiredKey': 'The bundle is signed by a retired key and was refused',
  'error.sync.bundle.badSignature': 'The bundle’s signature does not check out: the file is damaged or was altered',
  'error.sync.bundle.badManifest': 'The bundle’s manifest is invalid; it was refused',
  'error.sync.bundle.notForUs': 'This bundle is addressed to another node, not to this one',
  'error.sync.bundle.badPayload': 'The bundle’s content does not check out: the file is damaged or was altered',
  'error.sync.bundle.tooLarge': 'The bundle inflates to more than is allowed; it was refused',
  'error.sync.bundle.badItem': 'Record {{line}} of the bundle is invalid; nothing from the bundle was applied',
  'error.sync.bundle.notSenders': 'Record {{line}} of the bundle is not the sending branch’s to send (its origin, or the data it changes, belongs to another node); nothing from the bundle was applied',
  'error.sync.bundle.gap': 'An earlier bundle is missing (items {{missingFrom}} to {{missingTo}}): receive the missing bundle first, or ask the sender for a new one',
  'error.sync.bundle.behind':
    'This database is behind what the other side has already received from it (they applied our item {{acked}}; this database numbered up to {{numbered}}): it was probably restored from an older backup. Do not exchange bundles from it: a branch asks HQ to enroll it anew; HQ restores its newest backup',
  'error.sync.bundle.peerBehind':
    "The sender's database is behind what it sent before (this bundle acknowledges our item {{acked}}; an earlier one acknowledged {{before}}): it was probably restored from an older backup. The bundle was not received: a branch must be retired and enrolled anew by HQ; HQ must restore its newest backup",
  'error.sync.bundle.peerRenumbered':
    "The sender's database is behind what it sent before (this bundle numbers its items only up to {{numbered}}; we have applied its item {{applied}}): it was probably restored from an older backup. The bundle was not received: a branch must be retired and enrolled anew by HQ; HQ must restore its newest backup",
  'error.sync.bundle.reusedOp':
    "Record {{line}} of the bundle is not the operation received here before under the same number: its origin numbered a new operation again, so its database was probably restored from an older backup. The bundle was not received: a branch must be retired and enrolled anew by HQ; HQ must restore its newest backup",
  'error.sync.bundle.fileTooLarge': 'The file is too large ({{bytes}} bytes; the limit is {{limit}}) to be a bundle this app accepts',
  'error.sync.bundle.unreadable': 'The file cannot be read: check that it exists and that you may read it',
  'error.sync.bundle.writeFailed': 'The bundle file could not be written: check the space and permissions where it goes',
  'error.sync.bundle.allAtBranch': 'Only the head office makes bundles for all branches',
  'error.sync.bundle.noPeers': 'No branch is enrolled yet',
  'error.sync.busy': 'Another sync job is running: try again when it has finished',
  'error.sync.hqDataAtBranch': 'This is head-office data (org units, head-office users, products, questionnaires) and can only be changed at head office: a change made at a branch would never be accepted there',
  'error.sync.folder.notSet': 'No shared folder is set',
  'error.sync.bundle.otherBranch': 'You can make bundles for your own branch only',
  'error.sync.folder.notAbsolute': 'Enter the folder’s full path, such as D:\\bundles or \\\\server\\share\\bundles',
  'error.sync.folder.notFound': 'This folder does not exist: create it first, or check that the network share is connected',
  'error.sync.folder.notFolder': 'This path is a file, not a folder',
  'error.sync.folder.notWritable': 'A file cannot be written in this folder: check its permissions',

  'error.sync.enroll.notHq': 'Only the head office enrolls branches',
  'error.sync.enroll.notBranch': 'Choose a valid branch',
  'error.sync.enroll.already': 'This branch is enrolled already; retire its node first to enroll it again',
  'error.sync.enroll.badPassphrase': 'The one-time passphrase is wrong',
  'error.sync.enroll.notEnrollment': 'This file is not a valid enrollment file',
  'error.sync.enroll.newerSchema': 'The enrollment comes from a newer version (schema {{theirs}}, this app {{ours}}): update the app first',
  'error.sync.enroll.notEmpty': 'The target database is not empty: an enrollment installs into a new database only',
  'error.sync.enroll.expired': 'The enrollment file was made on {{made}}, more than {{days}} days ago: ask the head office to retire the node and enroll the branch again',
  'error.sync.enroll.writeFailed': 'The enrollment file could not be written: check the space and permissions where it goes',
  'error.sync.recovery.none': 'There is no key escrow for this node',
  'error.sync.recovery.badPassphrase': 'The recovery passphrase is wrong (the one shown when the first branch was enrolled)',
  'error.sync.recovery.notRecovery': 'This file is not a valid key-recovery file',
  'error.sync.recovery.expired': 'The recovery file was made on {{made}}, more than {{days}} days ago: ask the head office for a new one',
  'error.sync.recovery.noDatabase': 'There is no branch database on this computer: a recovery file only unlocks an existing one',
  'error.sync.recovery.otherDatabase': "This recovery file is not for this database (another branch's, or this branch's before it was enrolled again)",
  'error.sync.recovery.writeFailed': 'The recovery file could not be written: check the space and permissions where it goes',

  'validation.sync.nodeId': 'Invalid sync node id',
  'validation.sync.target': 'Choose a file, or the shared folder (one of the two)',

  'sync.result.duplicate': 'This bundle was received before: nothing changed',
  'sync.result.newerSchema': 'The sender runs a newer version: {{parked}} changes wait, parked, until this app is updated',
  'sync.phase.verify': 'Checking',
  'sync.phase.apply': 'Applying',
  'sync.phase.export': 'Making bundles',
  'sync.phase.enroll': 'Preparing the enrollment',
  'sync.phase.write': 'Writing the file',
};
