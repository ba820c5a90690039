/**
 * Subjects: ISCED Fields of Education and Training 2013 (ISCED-F 2013; UNESCO Institute for
 * Statistics, 2014, annex "List of ISCED-F 2013 fields"). Broad fields have two digits, narrow fields
 * three and detailed fields four; a resource may be filed under any of them.
 *
 * The classification gives every broad field an "inter-disciplinary programmes and qualifications"
 * narrow (xx8) and detailed (xx88) field, and every narrow field a "not elsewhere classified" detailed
 * field (xxx9). Those follow a rule, so they are generated below rather than written out.
 */
export type SubjectDepth = 'broad' | 'narrow' | 'detailed';

export interface Subject {
  code: string;
  name: string;
  depth: SubjectDepth;
  /** The broader field's code; null for broad fields. */
  parent: string | null;
}

export const ISCED_F_SCHEME = 'http://uis.unesco.org/isced-f-2013';

/** Broad field, then its narrow fields, each with its detailed fields. */
const TREE: Array<[string, string, Array<[string, string, Array<[string, string]>]>]> = [
  ['00', 'Generic programmes and qualifications', [
    ['001', 'Basic programmes and qualifications', [['0011', 'Basic programmes and qualifications']]],
    ['002', 'Literacy and numeracy', [['0021', 'Literacy and numeracy']]],
    ['003', 'Personal skills and development', [['0031', 'Personal skills and development']]],
  ]],
  ['01', 'Education', [
    ['011', 'Education', [
      ['0111', 'Education science'],
      ['0112', 'Training for pre-school teachers'],
      ['0113', 'Teacher training without subject specialisation'],
      ['0114', 'Teacher training with subject specialisation'],
    ]],
  ]],
  ['02', 'Arts and humanities', [
    ['021', 'Arts', [
      ['0211', 'Audio-visual techniques and media production'],
      ['0212', 'Fashion, interior and industrial design'],
      ['0213', 'Fine arts'],
      ['0214', 'Handicrafts'],
      ['0215', 'Music and performing arts'],
    ]],
    ['022', 'Humanities (except languages)', [
      ['0221', 'Religion and theology'],
      ['0222', 'History and archaeology'],
      ['0223', 'Philosophy and ethics'],
    ]],
    ['023', 'Languages', [
      ['0231', 'Language acquisition'],
      ['0232', 'Literature and linguistics'],
    ]],
  ]],
  ['03', 'Social sciences, journalism and information', [
    ['031', 'Social and behavioural sciences', [
      ['0311', 'Economics'],
      ['0312', 'Political sciences and civics'],
      ['0313', 'Psychology'],
      ['0314', 'Sociology and cultural studies'],
    ]],
    ['032', 'Journalism and information', [
      ['0321', 'Journalism and reporting'],
      ['0322', 'Library, information and archival studies'],
    ]],
  ]],
  ['04', 'Business, administration and law', [
    ['041', 'Business and administration', [
      ['0411', 'Accounting and taxation'],
      ['0412', 'Finance, banking and insurance'],
      ['0413', 'Management and administration'],
      ['0414', 'Marketing and advertising'],
      ['0415', 'Secretarial and office work'],
      ['0416', 'Wholesale and retail sales'],
      ['0417', 'Work skills'],
    ]],
    ['042', 'Law', [['0421', 'Law']]],
  ]],
  ['05', 'Natural sciences, mathematics and statistics', [
    ['051', 'Biological and related sciences', [
      ['0511', 'Biology'],
      ['0512', 'Biochemistry'],
    ]],
    ['052', 'Environment', [
      ['0521', 'Environmental sciences'],
      ['0522', 'Natural environments and wildlife'],
    ]],
    ['053', 'Physical sciences', [
      ['0531', 'Chemistry'],
      ['0532', 'Earth sciences'],
      ['0533', 'Physics'],
    ]],
    ['054', 'Mathematics and statistics', [
      ['0541', 'Mathematics'],
      ['0542', 'Statistics'],
    ]],
  ]],
  ['06', 'Information and Communication Technologies (ICTs)', [
    ['061', 'Information and Communication Technologies (ICTs)', [
      ['0611', 'Computer use'],
      ['0612', 'Database and network design and administration'],
      ['0613', 'Software and applications development and analysis'],
    ]],
  ]],
  ['07', 'Engineering, manufacturing and construction', [
    ['071', 'Engineering and engineering trades', [
      ['0711', 'Chemical engineering and processes'],
      ['0712', 'Environmental protection technology'],
      ['0713', 'Electricity and energy'],
      ['0714', 'Electronics and automation'],
      ['0715', 'Mechanics and metal trades'],
      ['0716', 'Motor vehicles, ships and aircraft'],
    ]],
    ['072', 'Manufacturing and processing', [
      ['0721', 'Food processing'],
      ['0722', 'Materials (glass, paper, plastic and wood)'],
      ['0723', 'Textiles (clothes, footwear and leather)'],
      ['0724', 'Mining and extraction'],
    ]],
    ['073', 'Architecture and construction', [
      ['0731', 'Architecture and town planning'],
      ['0732', 'Building and civil engineering'],
    ]],
  ]],
  ['08', 'Agriculture, forestry, fisheries and veterinary', [
    ['081', 'Agriculture', [
      ['0811', 'Crop and livestock production'],
      ['0812', 'Horticulture'],
    ]],
    ['082', 'Forestry', [['0821', 'Forestry']]],
    ['083', 'Fisheries', [['0831', 'Fisheries']]],
    ['084', 'Veterinary', [['0841', 'Veterinary']]],
  ]],
  ['09', 'Health and welfare', [
    ['091', 'Health', [
      ['0911', 'Dental studies'],
      ['0912', 'Medicine'],
      ['0913', 'Nursing and midwifery'],
      ['0914', 'Medical diagnostic and treatment technology'],
      ['0915', 'Therapy and rehabilitation'],
      ['0916', 'Pharmacy'],
      ['0917', 'Traditional and complementary medicine and therapy'],
    ]],
    ['092', 'Welfare', [
      ['0921', 'Care of the elderly and of disabled adults'],
      ['0922', 'Child care and youth services'],
      ['0923', 'Social work and counselling'],
    ]],
  ]],
  ['10', 'Services', [
    ['101', 'Personal services', [
      ['1011', 'Domestic services'],
      ['1012', 'Hair and beauty services'],
      ['1013', 'Hotel, restaurants and catering'],
      ['1014', 'Sports'],
      ['1015', 'Travel, tourism and leisure'],
    ]],
    ['102', 'Hygiene and occupational health services', [
      ['1021', 'Community sanitation'],
      ['1022', 'Occupational health and safety'],
    ]],
    ['103', 'Security services', [
      ['1031', 'Military and defence'],
      ['1032', 'Protection of persons and property'],
    ]],
    ['104', 'Transport services', [['1041', 'Transport services']]],
  ]],
];

function build(): Subject[] {
  const subjects: Subject[] = [];
  for (const [broadCode, broadName, narrows] of TREE) {
    subjects.push({ code: broadCode, name: broadName, depth: 'broad', parent: null });
    for (const [narrowCode, narrowName, details] of narrows) {
      subjects.push({ code: narrowCode, name: narrowName, depth: 'narrow', parent: broadCode });
      for (const [code, name] of details) subjects.push({ code, name, depth: 'detailed', parent: narrowCode });
      // Generic programmes (00) have no "not elsewhere classified" fields.
      if (broadCode !== '00') {
        subjects.push({ code: `${narrowCode}9`, name: `${narrowName} not elsewhere classified`, depth: 'detailed', parent: narrowCode });
      }
    }
    if (broadCode !== '00') {
      const lower = broadName.charAt(0).toLowerCase() + broadName.slice(1);
      const interdisciplinary = `Inter-disciplinary programmes and qualifications involving ${broadCode === '06' ? 'Information and Communication Technologies (ICTs)' : lower}`;
      subjects.push({ code: `${broadCode}8`, name: interdisciplinary, depth: 'narrow', parent: broadCode });
      subjects.push({ code: `${broadCode}88`, name: interdisciplinary, depth: 'detailed', parent: `${broadCode}8` });
    }
  }
  subjects.push({ code: '99', name: 'Field unknown', depth: 'broad', parent: null });
  subjects.push({ code: '999', name: 'Field unknown', depth: 'narrow', parent: '99' });
  subjects.push({ code: '9999', name: 'Field unknown', depth: 'detailed', parent: '999' });
  return subjects;
}

export const SUBJECTS: readonly Subject[] = build();

const byCode = new Map(SUBJECTS.map((subject) => [subject.code, subject]));

/** Accepts `0613` and `ISCED-F 0613`. */
export function findSubject(code: string): Subject | undefined {
  return byCode.get(code.trim().replace(/^isced[\s-]*f[\s-]*/i, ''));
}

/** The subject and every broader field above it, narrowest first: a resource on 0613 is also on 061 and 06. */
export function subjectWithAncestors(code: string): string[] {
  const chain: string[] = [];
  let subject = byCode.get(code);
  while (subject) {
    chain.push(subject.code);
    subject = subject.parent ? byCode.get(subject.parent) : undefined;
  }
  return chain;
}
