/**
 * English notice messages. Bodies summarise the NW SELPA handbook's form texts; the comment
 * beside each group cites the form (L<line>). Dates are never written here: they come from
 * the request's deadlines and are printed by the layout.
 */
import type { Catalogue } from './keys';

export const en: Catalogue = {
  'label.date': 'Date',
  'label.studentId': 'Student ID',
  'label.student': 'Student',
  'label.to': 'To',
  'label.case': 'Case',
  'label.form': 'Form',
  'label.purpose': 'Purpose',
  'heading.deadlines': 'Dates that apply to this notice',
  'label.due': 'Due',
  'label.actBy': 'Act by (last working day)',
  'label.earliest': 'Earliest',
  'label.why': 'How this date was counted',
  'deadlines.none': 'This notice does not set a deadline.',
  'due.none': 'not set',
  'heading.choices': 'Please mark one',
  'heading.signature': 'Signatures',
  'signature.parent': 'Signature of Parent/Adult Student',
  'signature.lea': 'Signature of LEA Representative',
  'signature.staff': 'Signature of staff member',
  'signature.student': 'Signature of Student',
  'signature.date': 'Date',
  // NC 1 delivery duty and help sources (L3523-3548, L3610-3622)
  'safeguards':
    'You and your child have protections under the procedural safeguards of special education law. If you would like a copy of the Notice of Procedural Safeguards, or help understanding this notice, please contact the district.',
  'footer.page': 'Page {page} of {pages}',
  'footer.document': 'Case {caseId} · form {form}',
  'date.long': '{weekday}, {month} {day}, {year}',

  'body.generic.1':
    'This notice concerns: {title}. The dates below were computed from your child’s case record. Please contact the district if you have questions.',
  // NC 1, Notice of Procedural Safeguards (L3523-3548, L15758-15762)
  'body.nc1.1':
    'Enclosed is the Notice of Procedural Safeguards: the special education rights of parents and children under the Individuals with Disabilities Education Act, Part B, and the California Education Code.',
  'body.nc1.2':
    'It is given to you when you ask for a copy, the first time your child is referred for assessment, each time you receive an assessment plan, on the first complaint of a school year, and when a removal that changes your child’s placement is decided.',
  // NC 2A, Notice of Referral for Special Education (L17656-17686)
  'body.nc2a.1':
    'Your child has been referred for a special education assessment. A referral by school staff states the reasons for the referral and the general education interventions tried before it.',
  'body.nc2a.2': 'The district will send you an assessment plan by the due date shown below.',
  // IEP 18 (index: IEP 17), Notice of Receipt of Referral (L17689-17720)
  'body.iep18.1':
    'The school district has received a referral to evaluate your child to determine whether your child has a disability and needs special education. The district is responsible for this assessment and will conduct it at no cost to you.',
  'body.iep18.2':
    'You will be sent an assessment plan within 15 days of the district receiving the referral; the plan describes the assessments that will be conducted. You are an important member of the IEP team.',
  'body.iep18.3':
    'Within 60 days of receiving your written consent to the assessment, an IEP team meeting will be held to decide whether your child is eligible. The district needs your written consent before assessing your child or providing special education for the first time.',
  // NC 3, Assessment Plan (L15996-16047; consent duty L720-728)
  'body.nc3.1':
    'The district proposes to assess your child in all areas of suspected disability, as checked by the district on the assessment plan, to determine eligibility for special education and present levels of academic performance and functional achievement.',
  'body.nc3.2':
    'You have at least 15 days from receiving this plan to decide. The results will be kept confidential, you will be invited to the IEP team meeting to discuss them, and no special education services will be provided without your written consent.',
  'choice.nc3.consent': 'I consent to the assessment.',
  'choice.nc3.refuse': 'I do not consent to the proposed assessment.',
  // NC 6A, Notice of IEP Team Meeting (L16559-16598)
  'body.nc6a.1':
    'An Individualized Education Program (IEP) team meeting has been scheduled for your child. Your participation is important. You may bring other people who have knowledge or special expertise about your child; students 15 or older should attend.',
  'body.nc6a.2': 'Please return this form with your response so the meeting can go ahead as planned or be moved to a time that suits you.',
  'body.nc6a.recording': 'If you wish to audio record the meeting, you must tell the district at least 24 hours before it.',
  'choice.nc6a.attend': 'I plan to attend the meeting.',
  'choice.nc6a.phone': 'I do not plan to attend, but am available by teleconference.',
  'choice.nc6a.otherTime': 'I request a different time and/or place.',
  'choice.nc6a.interpreter': 'I request an interpreter in my primary language or other mode of communication.',
  'choice.nc6a.agencies': 'If transition services will be discussed, I consent to inviting appropriate agency representatives.',
  // NC 7, IEP Team Member Excusal (L16604-16635; B-16: written agreement always)
  'body.nc7.1':
    'A member of the IEP team need not attend an IEP team meeting, in whole or in part, if you and the district agree in writing that attendance is not necessary, because the member’s area is not being modified or discussed, or because the member has submitted written input to you and the team before the meeting.',
  'body.nc7.2': 'If you do not agree, the member must attend or the meeting will be rescheduled.',
  'choice.nc7.agree': 'I agree to excuse the IEP team member(s) listed.',
  'choice.nc7.reschedule': 'I request that the meeting be rescheduled so that the member(s) can attend.',
  // IEP 9A, Consent and Signatures (L17251-17293)
  'body.iep9a.1':
    'Please review the IEP and indicate your consent. Parts of the IEP you consent to will be implemented without delay; parts you do not consent to will not be implemented.',
  'choice.iep9a.all': 'I understand and consent to the contents of this IEP.',
  'choice.iep9a.except': 'I understand and consent to the contents of this IEP except for the parts I list.',
  'choice.iep9a.none': 'I do not consent to the contents of this IEP.',
  // IEP 11, Interim Placement (L17542-17604)
  'body.iep11.1':
    'Following review of the previously approved IEP and consultation with you, an interim placement has been made with comparable services. Within a period not to exceed 30 days the district will adopt the previous IEP or develop and implement a new one.',
  // PWN / RPT 6, Prior Written Notice (L18810-18843; content L548-569, L3610-3622)
  'body.pwn.1':
    'This notice informs you of the district’s proposal, or refusal, to initiate or change the identification, evaluation, educational placement or provision of a free appropriate public education to your child.',
  'body.pwn.2':
    'It describes the action proposed or refused, why, the evaluations, records and reports it was based on, other options considered and why they were rejected, and other relevant factors.',
  // RPT 6 / Form 27, notice when a parent revokes consent (L18847-18903; L3498-3504)
  'body.form27.1':
    'The district has received your written revocation of consent to special education and related services. Services will stop on the date stated by the district; from the next school day your child will be placed in general education.',
  'body.form27.2':
    'After that date your child will be a general education student in all respects, including discipline, and will no longer have the special education discipline protections.',
  'body.form27.3':
    'You may meet with the district to discuss your decision, but the meeting is voluntary and will not delay the end of services. A later request for services will be treated as a request for an initial evaluation.',
  // NC 12, Notice of Exit – Summary of Performance (L17356-17515)
  'body.nc12.1':
    'This notice tells you that your child is expected to exit special education, the reason, and the information reviewed to reach this determination.',
  'body.nc12.2': 'The attached summary of academic achievement and functional performance includes recommendations to help meet postsecondary goals.',
  // PWN of graduation (sample letter, L18525-18548)
  'body.pwnGraduation.1':
    'This letter is written notice that your child is meeting the requirements for graduation with a regular high school diploma. Graduation is a change of placement: after graduating your child will no longer be eligible for special education services.',
  'body.pwnGraduation.2': 'If you disagree you are entitled to procedural safeguards, and on request an IEP meeting may be convened to discuss this recommendation.',
  // Behavioral Emergency Report (L18440-18519; L12533-12556)
  'body.ber.1':
    'An emergency intervention was used with your child. The parent, guardian and residential care provider (if appropriate) are notified within one school day, and a Behavioral Emergency Report is completed and reviewed by a designated administrator.',
  'body.ber.2':
    'If your child has no behavior intervention plan, an IEP team meeting will be scheduled within two days to review the report and decide whether a functional behavioral assessment and an interim plan are needed.',
  // Signed IEP Requirement letters 1-3 (L18552-18664)
  'body.signedIep.1':
    'To date the district has not received your consent to your child’s IEP. The district cannot implement the IEP without your consent; you may consent to all or part of it, and the parts you consent to will be implemented without delay.',
  'body.signedIep.2': 'Please return the signed IEP as soon as possible, or contact the district with any questions about it.',
  // Early Start IFSP forms (L2740, L2698, L2561, L2658)
  'body.ifspAp.1':
    'Early Start proposes an assessment of your child by qualified staff. The assessment needs your written consent, and the Individualized Family Service Plan (IFSP) will not be implemented without your consent.',
  'body.ifspNom.1':
    'A meeting of the IFSP team is planned to consider your child and family’s early intervention program. You may invite family members or an advocate.',
  'body.ifsp7.1':
    'Early Start ends when your child turns 3. Eligibility for preschool special education must be determined by the third birthday; this notice describes the transition steps and dates.',
  'body.ifsp9.1': 'Please indicate your consent to the early intervention services in the IFSP. Services you consent to will be provided.',
  'choice.ifsp9.all': 'I consent to all services in this IFSP.',
  'choice.ifsp9.except': 'I consent to the services in this IFSP except those I list.',
  'choice.ifsp9.none': 'I do not consent to the services in this IFSP.',
  // Discipline decision notice (L7874-7877, L3547, L7904-7906)
  'body.decision.1':
    'This notice tells you, on the date the decision is made, of the district’s decision to take a disciplinary action that is a change of your child’s placement. The Notice of Procedural Safeguards is enclosed.',
  'body.decision.2':
    'The IEP team will meet to decide whether the behavior was a manifestation of your child’s disability, no later than the date below.',
  // Transfer of rights at the age of majority (L3473-3478, L6372)
  'body.rightsTransfer.1':
    'When a student with a disability reaches age 18, all special education rights transfer from the parent to the student, unless a court has found the student incompetent.',
  'body.rightsTransfer.2': 'From then on the district gives required notices to both the student and the parent.',
  // RPT 4, Classroom Information (L17518-17539)
  'body.rpt4.1': 'A meeting is planned concerning this student. Please provide classroom information in the areas requested and return it by the date below.',
  // Early Start 30-month notice (L1409-1411, L1636-1639)
  'body.earlyStart.1':
    'The child will shortly reach the age of eligibility for preschool special education. The district and the family are invited to plan the transition from Early Start.',
  // Proof of Service by Mail (L4454-4473, L4584-4605)
  'body.proof.1':
    'I am over the age of 18 and not a party to this cause. I am employed in the county where the mailing took place.',
  'body.proof.2': 'I served a copy of the documents listed below by mailing them in a sealed envelope with first class postage fully prepaid, to the address stated below.',
  'body.proof.3': 'A copy of this proof is attached to the documents mailed; the signed original is kept in the student’s file.',
  'label.proof.documents': 'Documents served',
  'label.proof.servedOn': 'Date of service',
  'label.proof.method': 'Method',
  'proof.method.mail': 'Deposited with the United States Postal Service, or placed for collection in the district mail room',
  'label.proof.addressedTo': 'Addressed as follows',
  'label.proof.servedBy': 'Served by (staff id)',
  'proof.declaration': 'I declare under penalty of perjury under the laws of the State of California that the foregoing is true and correct.',

  'email.subject': '{form}: {title} (student {studentId})',
  'email.body': 'Attached is the notice {form}, {title}, dated {date}, for student {studentId}. Please contact the district with any questions.',

  'title.NC 1': 'Notice of Procedural Safeguards',
  'title.NC 2A': 'Notice of Referral for Special Education',
  'title.IEP 18': 'Notice of Receipt of Referral for Special Education Assessment',
  'title.NC 3': 'Assessment Plan',
  'title.NC 6A': 'Notice of IEP Team Meeting',
  'title.NC 7': 'IEP Team Member Excusal',
  'title.IEP 1': 'IEP – Demographic Information',
  'title.IEP 2A': 'IEP – Eligibility',
  'title.IEP 6D': 'IEP – Post-Secondary Transition Plan',
  'title.IEP 6G': 'IEP – Behavior Intervention Plan',
  'title.IEP 7A-2': 'IEP – Extended School Year Services',
  'title.IEP 9A': 'IEP – Consent and Signatures',
  'title.IEP 9B': 'IEP – Attendance and Signatures',
  'title.IEP 11': 'IEP – Interim Placement',
  'title.ISP 1': 'Individual Service Plan (Parentally Placed Private School)',
  'title.NC 12': 'Notice of Exit – Summary of Achievement/Performance',
  'title.RPT 4': 'Classroom Information',
  'title.RPT 7': 'Report',
  'title.PWN': 'Prior Written Notice',
  'title.RPT 6/Form 27': 'Written Notice When Parent Revokes Consent to Special Education',
  'title.PWN graduation': 'Prior Written Notice of Proposed Action: Graduation from High School',
  'title.BER': 'Behavioral Emergency Report: Parent Notice',
  'title.Signed IEP letter': 'Request for Signed IEP',
  'title.Proof of Service': 'Proof of Service by Mail',
  'title.A-1': 'Request for Student Records',
  'title.A-3': 'Authorization to Release Student Records',
  'title.A-5': 'Records Cover Letter',
  'title.A-6': 'Letter to Parent: Sealing of I.Q. Records',
  'title.Surrogate appointment': 'Appointment and Acceptance of Surrogate Parent',
  'title.IFSP AP': 'IFSP Form AP: Assessment Plan',
  'title.IFSP NOM': 'IFSP Form NOM: Notice of Meeting',
  'title.IFSP 7': 'IFSP Form 7: Transition Planning',
  'title.IFSP 9': 'IFSP Form 9: Signature and Parent Consent',
  'title.Early Start notice': 'Notice: Transition from Early Start',
  'title.Notice of delay': 'Notice of Delay in Evaluation',
  'title.Decision notice': 'Notice of Disciplinary Decision (Change of Placement)',
  'title.Resolution letter': 'Resolution Session Letter',
  'title.Transition packet': 'Early Start Transition Packet',
  'title.IEE policy': 'Independent Educational Evaluation Policy',
  'title.Certification not to enroll': 'Certification of Parent’s Decision Not to Enroll',
  'title.Amendment': 'IEP Amendment Without a Meeting',
  'title.Rights transfer notice': 'Notice of Transfer of Rights at the Age of Majority',

  'recipient.parent': 'Parent/Guardian',
  'recipient.adultStudent': 'Adult Student',
  'recipient.student': 'Student',
  'recipient.district': 'District',
  'recipient.dor': 'District of Residence',
  'recipient.selpa': 'SELPA',
  'recipient.teachers': 'Teachers',
  'recipient.team': 'IEP Team',
  'recipient.providers': 'Service Providers',
  'recipient.formerLea': 'Former LEA',
  'recipient.oah': 'Office of Administrative Hearings',
  'recipient.esp': 'Early Start Service Coordinator',
  'recipient.nps': 'Nonpublic School/Agency',
  'recipient.caseManager': 'Case Manager',

  'month.1': 'January',
  'month.2': 'February',
  'month.3': 'March',
  'month.4': 'April',
  'month.5': 'May',
  'month.6': 'June',
  'month.7': 'July',
  'month.8': 'August',
  'month.9': 'September',
  'month.10': 'October',
  'month.11': 'November',
  'month.12': 'December',
  'weekday.0': 'Sunday',
  'weekday.1': 'Monday',
  'weekday.2': 'Tuesday',
  'weekday.3': 'Wednesday',
  'weekday.4': 'Thursday',
  'weekday.5': 'Friday',
  'weekday.6': 'Saturday',
};
