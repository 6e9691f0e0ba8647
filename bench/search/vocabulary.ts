/**
 * Word lists for the synthetic archive: written for the benchmark (not taken
 * from any report), in the register of a markets-and-geopolitics daily so
 * that the query mix finds realistic numbers of topics. Earlier entries are
 * drawn more often (Zipf-like), so the first names in each list are the
 * "hot" subjects and the last ones are rare.
 */
// biome-ignore format: a word table, laid out in rows by hand
export const ENTITIES = [
  '美国', '中国', '英伟达', '特朗普', '美联储', '日本', '欧盟', '黄仁勋', '台积电', '苹果',
  '微软', '马斯克', '特斯拉', '俄罗斯', '乌克兰', '英国', '德国', '法国', '韩国', '印度',
  '谷歌', '亚马逊', '三星', '华为', '小米', '比亚迪', '宁德时代', '阿里巴巴', '腾讯', '拼多多',
  '沙特', '伊朗', '以色列', '委内瑞拉', '墨西哥', '加拿大', '巴西', '澳大利亚', '新加坡', '香港',
  '鲍威尔', '普京', '泽连斯基', '苏姿丰', '奥特曼', '孙正义', '雷军', '库克', '纳德拉', '贝索斯',
  'OpenAI', 'Nvidia', 'AMD', 'Tesla', 'Meta', '英特尔', '高通', '博通', '甲骨文', '奈飞',
  '字节跳动', '美团', '京东', '百度', '中芯国际', '欧洲央行', '日本央行', '国际货币基金组织', '世界银行', '石油输出国组织',
  '格陵兰', '巴拿马', '越南', '印尼', '土耳其', '阿根廷', '南非', '埃及', '波兰', '瑞士',
];

// biome-ignore format: a word table, laid out in rows by hand
export const TERMS = [
  '股市', 'AI芯片', '关税', '降息', '黄金', '原油', '算力', '美股', 'A股', '通胀',
  '半导体', '数据中心', '大模型', '财报', '营收', '利率', '国债收益率', '美元', '人民币', '比特币',
  '供应链', '出口管制', '稀土', '电动车', '储能', '光伏', '机器人', '自动驾驶', '港股', '日元',
  '就业数据', '消费', '房地产', '基建', '停火协议', '制裁', '选举', '预算', '债务上限', '白银',
  'HBM', 'GPU', 'ETF', 'CPI', 'GDP', 'LLM', 'SRAM', '存储芯片', '先进封装', '光刻机',
  '云计算', '网络安全', '量化宽松', '缩表', '外汇储备', '贸易逆差', '失业率', '零售销售', '制造业PMI', '非农就业',
  '固态电池', '人形机器人', '低空经济', '卫星互联网', '核聚变', '碳排放', '铜价', '天然气', '锂矿', '铁矿石',
];

// biome-ignore format: a word table, laid out in rows by hand
export const VERBS = [
  '宣布', '表示', '推出', '发布', '上涨', '下跌', '计划', '面临', '加强', '推动',
  '预计', '暴跌', '大涨', '回落', '创新高', '收购', '投资', '限制', '批准', '否认',
  '警告', '调查', '扩大', '削减', '暂停', '恢复', '讨论', '签署', '起诉', '澄清',
];

// biome-ignore format: a word table, laid out in rows by hand
export const CONNECTORS = [
  '与此同时', '此外', '然而', '因此', '据报道', '分析人士认为', '市场普遍预计', '业内人士指出', '值得注意的是', '另一方面',
  '据知情人士透露', '数据显示', '从长期来看', '短期内', '不过',
];

// biome-ignore format: a word table, laid out in rows by hand
export const FILLERS = [
  '的', '了', '在', '是', '和', '与', '对', '将', '也', '并',
  '进一步', '相关', '全球', '市场', '投资者', '情绪', '风险', '机会', '政策', '监管',
  '合作', '竞争', '需求', '产能', '价格', '行业', '企业', '政府', '官员', '消息',
  '本周', '今年', '明年', '季度', '同比', '环比', '显著', '持续', '明显', '大幅',
];

export const LABELS = ['**深度解读：**', '**影响：**', '**背景：**', '**要点：**'];

export const SECTIONS = ['宏观与政策', '科技与产业', '市场动态', '地缘政治', '大宗商品', '公司新闻'];

// biome-ignore format: a word table, laid out in rows by hand
export const TAG_SETS = [
  ['经济日报', '宏观经济'],
  ['科技日报', 'AI'],
  ['市场周报', '美股'],
  ['地缘政治'],
];

export const PODCAST_TAGS = ['ai-compute', 'geopolitics', 'market-volatility', 'semiconductor-industry', 'investment-strategy'];

export const EMOJI = ['📈', '📉', '🚀', '⚠️', '🔥', '💰'];
